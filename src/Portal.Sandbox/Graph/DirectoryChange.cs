namespace Portal.Sandbox.Graph;

/// <summary>One change of the directory as a Graph change notification names it: the resource, the object and the kind of change.</summary>
public sealed record DirectoryChange(string Resource, string Id, string ChangeType)
{
    public const string Users = "users";
    public const string Groups = "groups";
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
}
