using System.Text.Json.Nodes;
using Portal.Provisioning.Targets;

namespace Portal.Provisioning.Mapping;

/// <summary>
/// A source object in the target's terms: the attributes to send (a null value clears the attribute, only for
/// mappings that opted in) and the matching keys in precedence order. For a create, <see cref="UniqueValueCandidates"/>
/// holds each SelectUniqueValue mapping's candidate values by target attribute; its value in <see cref="Values"/> is the
/// first of them until the engine has asked the target which one is free.
/// </summary>
public sealed record MappedObject(IReadOnlyDictionary<string, JsonNode?> Values, IReadOnlyList<MatchingKey> MatchingKeys)
{
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? UniqueValueCandidates { get; init; }
}
