using System.Text.Json.Nodes;
using Portal.Provisioning.Targets;

namespace Portal.Provisioning.Mapping;

/// <summary>
/// A source object in the target's terms: the attributes to send (a null value clears the attribute, only for
/// mappings that opted in) and the matching keys in precedence order.
/// </summary>
public sealed record MappedObject(IReadOnlyDictionary<string, JsonNode?> Values, IReadOnlyList<MatchingKey> MatchingKeys);
