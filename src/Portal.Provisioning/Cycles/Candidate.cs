using Portal.Data.Entities;
using Portal.Provisioning.Source;

namespace Portal.Provisioning.Cycles;

/// <summary>
/// An object a cycle looks at. <see cref="Missing"/> marks a linked object absent from a full read or no longer
/// found by id: it is out of scope, never "unchanged".
/// </summary>
internal sealed record Candidate(SourceObject Source, LinkedObject? Link, bool Missing = false)
{
    public ObjectKind Kind => Source.Kind;

    public static Candidate Stub(LinkedObject link, bool missing) =>
        new(new SourceObject(link.Kind, link.SourceId, SourceChange.Present, new Dictionary<string, object?> { ["displayName"] = link.DisplayName }), link, missing);
}
