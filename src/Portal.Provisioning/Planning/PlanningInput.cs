using Portal.Data.Entities;
using Portal.Provisioning.Mapping;
using Portal.Provisioning.Matching;
using Portal.Provisioning.Scope;
using Portal.Provisioning.Source;

namespace Portal.Provisioning.Planning;

/// <summary>Everything known about one object when its change is planned; Mapped is null when out of scope.</summary>
public sealed record PlanningInput(
    ObjectKind Kind,
    string SourceId,
    string? DisplayName,
    SourceChange Change,
    ScopeDecision Scope,
    LinkedObject? Link,
    MatchResult? Match,
    MappedObject? Mapped);
