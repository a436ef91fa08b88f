namespace Portal.Provisioning.Targets.Scim;

/// <summary>How a member is removed: RFC <c>members[value eq "id"]</c> or Entra's <c>path: members, value: [{value}]</c>.</summary>
public enum MemberRemovalStyle { ValueFilterPath, ValueArray }
