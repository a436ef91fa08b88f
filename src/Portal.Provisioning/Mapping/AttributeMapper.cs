using System.Text.Json.Nodes;
using Portal.Data.Entities;
using Portal.Provisioning.Source;
using Portal.Provisioning.Targets;

namespace Portal.Provisioning.Mapping;

/// <summary>
/// Applies one object mapping's attribute mappings (Direct / Constant / Expression; None never flows). OnCreateOnly
/// mappings and default values apply on create only (reference §1.7); a mapping that opted in to
/// <see cref="AttributeMapping.ClearWhenSourceRemoved"/> sends null on update when its source yields no value, which
/// Entra cannot do. A SelectUniqueValue mapping is evaluated on create only, whatever its Apply says: its value is
/// chosen once against what the target holds, and evaluated again it would name the first rule, taken or not.
/// </summary>
public sealed class AttributeMapper(IReadOnlyList<AttributeMapping> mappings, IMappingExpressionEvaluator expressions)
{
    public const string IsSoftDeleted = "IsSoftDeleted";
    public const string AppRoleAssignments = "appRoleAssignments";
    public const string ObjectId = "objectId";

    private readonly AttributeMapping[] _mappings = [.. mappings.Where(m => m.Type != MappingType.None).OrderBy(m => m.Order)];

    private readonly AttributeMapping[] _matching =
        [.. mappings.Where(m => m.IsMatching && m.Type != MappingType.None).OrderBy(m => m.MatchingPrecedence).ThenBy(m => m.Order)];

    private readonly HashSet<AttributeMapping> _unique =
        [.. mappings.Where(m => m.Type == MappingType.Expression && m.Source is { } text && expressions.SelectsUniqueValue(text))];

    /// <summary>The target attributes whose value SelectUniqueValue chooses at creation.</summary>
    public IEnumerable<string> UniqueValueAttributes => _unique.Select(m => m.TargetAttribute);

    /// <remarks>isSoftDeleted: The computed <c>IsSoftDeleted</c>: unassigned, out of filter scope, disabled or soft-deleted.</remarks>
    public MappedObject Map(SourceObject source, IReadOnlyList<AppRole> roles, bool isSoftDeleted, bool forCreate)
    {
        var attributes = WithComputed(source, roles, isSoftDeleted);
        var values = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        Dictionary<string, IReadOnlyList<string>>? unique = null;
        foreach (var mapping in _mappings)
        {
            var chosenAtCreation = _unique.Contains(mapping);
            if ((mapping.Apply == ApplyMapping.ObjectAddOnly || chosenAtCreation) && !forCreate)
            {
                continue;
            }

            if (chosenAtCreation)
            {
                var candidates = Candidates(mapping, attributes, roles);
                (unique ??= new(StringComparer.OrdinalIgnoreCase))[mapping.TargetAttribute] = candidates;
                values[mapping.TargetAttribute] = JsonValue.Create(candidates[0]);
                continue;
            }

            var value = Evaluate(mapping, attributes, roles);
            if (value.Ignored)
            {
                continue;
            }

            if (value.Flows)
            {
                values[mapping.TargetAttribute] = value.Value;
            }
            else if (forCreate && mapping.DefaultValue is { } fallback)
            {
                values[mapping.TargetAttribute] = JsonValue.Create(fallback);
            }
            else if (!forCreate && mapping.ClearWhenSourceRemoved)
            {
                values[mapping.TargetAttribute] = null;
            }
        }

        var keys = new List<MatchingKey>();
        foreach (var mapping in _matching)
        {
            if (AttributeValues.AsMatchingText(Evaluate(mapping, attributes, roles).Value) is { } text)
            {
                keys.Add(new MatchingKey(mapping.TargetAttribute, text));
            }
        }

        return new MappedObject(values, keys) { UniqueValueCandidates = unique };
    }

    private IReadOnlyList<string> Candidates(AttributeMapping mapping, IReadOnlyDictionary<string, object?> attributes, IReadOnlyList<AppRole> roles)
    {
        var candidates = expressions.UniqueValueCandidates(mapping.Source!, attributes, roles);
        return candidates.Count > 0 ? candidates
            : throw new MappingException($"Mapping to '{mapping.TargetAttribute}' failed: none of SelectUniqueValue's rules has a value for this object.");
    }

    private MappedValue Evaluate(AttributeMapping mapping, IReadOnlyDictionary<string, object?> attributes, IReadOnlyList<AppRole> roles)
    {
        try
        {
            return mapping.Type switch
            {
                MappingType.Direct => AttributeValues.ToMapped(mapping.Source is null ? null : attributes.GetValueOrDefault(mapping.Source)),
                MappingType.Constant => AttributeValues.ToMapped(mapping.Source),
                _ => Typed(mapping.TargetAttribute, expressions.Evaluate(mapping.Source ?? string.Empty, attributes, roles)),
            };
        }
        catch (MappingException)
        {
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new MappingException($"Mapping to '{mapping.TargetAttribute}' failed: {e.Message}", e);
        }
    }

    // The expression language yields text ("True"/"False"); SCIM's active is a boolean, and sending it as a string is
    // one of Entra's best-known non-compliances (reference §6 #4).
    private static MappedValue Typed(string targetAttribute, MappedValue value) =>
        targetAttribute.Equals("active", StringComparison.OrdinalIgnoreCase) && value.Value is JsonValue v
            && v.TryGetValue<string>(out var text) && bool.TryParse(text, out var flag)
            ? MappedValue.Of(JsonValue.Create(flag))
            : value;

    private static Dictionary<string, object?> WithComputed(SourceObject source, IReadOnlyList<AppRole> roles, bool isSoftDeleted)
    {
        var attributes = new Dictionary<string, object?>(source.Attributes, StringComparer.OrdinalIgnoreCase)
        {
            [IsSoftDeleted] = isSoftDeleted,
            [ObjectId] = source.Id,
            [AppRoleAssignments] = roles.Select(r => r.Value ?? r.DisplayName).ToList(),
        };
        attributes.TryAdd("id", source.Id);
        return attributes;
    }
}
