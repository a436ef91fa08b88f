using System.Text.RegularExpressions;
using Portal.Data.Entities;
using Portal.Provisioning.Mapping;
using Portal.Provisioning.Source;

namespace Portal.Web.Features.Mappings;

/// <summary>Checks one attribute mapping and scoping filters before they are saved; errors name the field and what to do.</summary>
public sealed class MappingValidator(IMappingExpressions expressions)
{
    /// <summary>Field name (an <see cref="AttributeMapping"/> property) → message.</summary>
    /// <remarks>kind: the object mapping's source object, whose directory attributes the mapping may name.</remarks>
    public IReadOnlyDictionary<string, string> Validate(AttributeMapping mapping, IEnumerable<AttributeMapping> others, ObjectKind kind)
    {
        var errors = new Dictionary<string, string>();
        var siblings = others.Where(o => o.Id != mapping.Id).ToList();
        if (string.IsNullOrWhiteSpace(mapping.TargetAttribute))
        {
            errors[nameof(mapping.TargetAttribute)] = "Target attribute is required.";
        }
        else if (siblings.Any(o => string.Equals(o.TargetAttribute, mapping.TargetAttribute.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            errors[nameof(mapping.TargetAttribute)] = $"Target attribute '{mapping.TargetAttribute}' is already mapped; edit that mapping instead.";
        }

        switch (mapping.Type)
        {
            case MappingType.Direct when string.IsNullOrWhiteSpace(mapping.Source):
                errors[nameof(mapping.Source)] = "Choose the source attribute for a Direct mapping.";
                break;
            case MappingType.Direct when UnknownSource(mapping, kind) is { } unknown:
                errors[nameof(mapping.Source)] = unknown;
                break;
            case MappingType.Constant when mapping.Source is null:
                errors[nameof(mapping.Source)] = "Enter the constant value.";
                break;
            case MappingType.Expression:
                var check = expressions.Check(mapping.Source ?? string.Empty);
                if (!check.IsValid)
                {
                    errors[nameof(mapping.Source)] = check.Message ?? $"Syntax error at position {check.Position}.";
                }
                else if (UnknownSource(mapping, kind) is { } unknown)
                {
                    errors[nameof(mapping.Source)] = unknown;
                }
                else if (expressions.SelectsUniqueValue(mapping.Source!))
                {
                    foreach (var (field, message) in UniqueValueRules.Problems(mapping.IsMatching, mapping.Apply))
                    {
                        errors[field] = message;
                    }
                }

                break;
        }

        if (mapping.IsMatching)
        {
            if (mapping.MatchingPrecedence < 1)
            {
                errors[nameof(mapping.MatchingPrecedence)] = $"Matching precedence {mapping.MatchingPrecedence} must be 1 or more (1 is tried first).";
            }
            else if (siblings.Any(o => o.IsMatching && o.MatchingPrecedence == mapping.MatchingPrecedence))
            {
                errors[nameof(mapping.MatchingPrecedence)] = $"Matching precedence {mapping.MatchingPrecedence} is used by another matching attribute; choose another number.";
            }

            if (mapping.Apply == ApplyMapping.ObjectAddOnly)
            {
                errors[nameof(mapping.Apply)] = "A matching attribute must be applied Always, or updates cannot find the account again.";
            }
        }

        return errors;
    }

    /// <summary>What the directory lacks among the attributes a Direct or Expression mapping reads; null when it has them all.</summary>
    public string? UnknownSource(AttributeMapping mapping, ObjectKind kind) => (mapping.Type, mapping.Source) switch
    {
        (MappingType.Direct, { } source) when !string.IsNullOrWhiteSpace(source) => DirectoryAttributes.Problem(kind, source.Trim()),
        (MappingType.Expression, { } text) when DirectoryAttributes.Problem(kind, expressions.AttributesOf(text)) is { } unknown => "The expression names " + unknown,
        _ => null,
    };

    /// <summary>Errors of a scoping filter, keyed "Name" or "Clause{index}".</summary>
    public static IReadOnlyDictionary<string, string> Validate(ScopingFilter filter, ObjectKind kind)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(filter.Name))
        {
            errors["Name"] = "Scoping filter name is required.";
        }

        if (filter.Clauses.Count == 0)
        {
            errors["Clauses"] = "Add at least one clause.";
        }

        for (var i = 0; i < filter.Clauses.Count; i++)
        {
            var clause = filter.Clauses[i];
            var readsAttribute = ScopingOperators.TakesAttribute(clause.Operator);
            if (readsAttribute && string.IsNullOrWhiteSpace(clause.SourceAttribute))
            {
                errors[$"Clause{i}"] = $"Clause {i + 1}: choose the source attribute.";
            }
            else if (readsAttribute && DirectoryAttributes.Problem(kind, clause.SourceAttribute.Trim()) is { } unknown)
            {
                errors[$"Clause{i}"] = $"Clause {i + 1}: {unknown}";
            }
            else if (ScopingOperators.TakesValue(clause.Operator) && string.IsNullOrEmpty(clause.Value))
            {
                errors[$"Clause{i}"] = readsAttribute ? $"Clause {i + 1}: {clause.Operator} needs a value." : $"Clause {i + 1}: {clause.Operator} needs a group's object id as its value.";
            }
            else if (ScopingOperators.ComparesIntegers(clause.Operator) && !long.TryParse(clause.Value, out _))
            {
                errors[$"Clause{i}"] = $"Clause {i + 1}: {clause.Operator} compares integers; '{clause.Value}' is not one.";
            }
            else if (clause.Operator is "REGEX MATCH" or "NOT REGEX MATCH" && !IsRegex(clause.Value!))
            {
                errors[$"Clause{i}"] = $"Clause {i + 1}: '{clause.Value}' is not a valid regular expression.";
            }
        }

        return errors;
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
