using Portal.Web.Identity;

namespace Portal.Web.Audit;

/// <summary>Who made a change: the signed-in user, or a named system actor such as the scheduler.</summary>
public sealed record AuditActor(string Id, string? Name)
{
    public static AuditActor System { get; } = new("system", "Portal");

    public static AuditActor Of(SignedInUser user) => new(user.ObjectId, user.DisplayName);
}
