using System.Text.Json.Nodes;

namespace Portal.Provisioning.Targets.Scim;

/// <summary>Turns a target's error answer (RFC 7644 § 3.12 body, or whatever it sent) into an actionable TargetException.</summary>
internal static class ScimErrors
{
    public static TargetException From(TargetResponse response, string? context = null)
    {
        var (scimType, detail) = Describe(response);
        var (code, recommendation, transient) = IsTakenOnChange(response, scimType)
            ? ("Conflict", "Another object in the target already holds this unique value (a rename to a name in use?); free it there or change the value in the directory. The change is retried in a later cycle.", false)
            : Classify(response.Status, scimType);
        var reason = $"{response.Request}: HTTP {response.Status}{(scimType is null ? "" : $" ({scimType})")}: {detail}";
        return new TargetException(
            code,
            context is null ? reason : $"{context} {reason}",
            recommendation,
            response.Status,
            isTransient: transient,
            isCredentialFailure: response.Status == 401);
    }

    public static TargetException Incompatible(string request, string problem) => new(
        "SystemForCrossDomainIdentityManagementServiceIncompatible",
        $"{request}: {problem}",
        "The target's answer is not SCIM the client can read. Run the conformance probe and check the dialect profile; report the response to the target's vendor.");

    private static (string? ScimType, string Detail) Describe(TargetResponse response)
    {
        if (response.Body is JsonObject body)
        {
            var scimType = ScimPath.ScalarText(ScimPath.Child(body, ScimAttributeNames.ScimType));
            var detail = ScimPath.ScalarText(ScimPath.Child(body, ScimAttributeNames.Detail))
                ?? ScimPath.ScalarText(ScimPath.Child(body, "message"))
                ?? ScimPath.ScalarText(ScimPath.Child(body, "error_description"))
                ?? TargetTransport.Excerpt(body.ToJsonString());
            return (scimType, detail);
        }

        return (null, string.IsNullOrWhiteSpace(response.Text) ? "(no message from the target)" : TargetTransport.Excerpt(response.Text.Trim()));
    }

    // A unique value refused on an update, not a create: matching has nothing to do with it.
    private static bool IsTakenOnChange(TargetResponse response, string? scimType) =>
        (response.Status == 409 || (response.Status == 400 && scimType == "uniqueness"))
        && (response.Request.StartsWith("PATCH ", StringComparison.Ordinal) || response.Request.StartsWith("PUT ", StringComparison.Ordinal));

    private static (string Code, string Recommendation, bool Transient) Classify(int status, string? scimType) => status switch
    {
        400 when scimType == "uniqueness" => ("Conflict", "An object with the same unique value exists in the target; check the matching attributes so it is matched instead of created.", false),
        400 when scimType == "invalidFilter" => ("SystemForCrossDomainIdentityManagementBadRequest", "The target cannot filter on this attribute; choose a matching attribute it can filter on (usually userName), or turn off its filter support in the dialect profile.", false),
        400 when scimType is "noTarget" or "invalidPath" => ("SchemaAttributeNotFound", "The target does not know this attribute path; remove or fix the mapping's target attribute.", false),
        400 => ("SystemForCrossDomainIdentityManagementBadRequest", "The target rejected a value; fix the mapped value or the dialect profile (PATCH style, active as string) and retry.", false),
        401 => ("Unauthorized", "The target refused the credentials; update the secret token or admin credentials and run Test Connection.", false),
        403 => ("InsufficientRights", "The credentials are valid but lack permission; give the admin account the rights the target requires (e.g. GoTo Team/Org admin).", false),
        404 => ("InvalidAnchor", "The object no longer exists in the target; restart provisioning to match it again, or allow re-creation in the dialect profile.", false),
        405 => ("MethodNotAllowed", "The target does not support this operation; adjust the dialect profile (e.g. disable by PUT or DELETE).", false),
        409 => ("Conflict", "An object with the same unique value exists in the target; check the matching attributes so it is matched instead of created.", false),
        412 => ("Conflict", "The object changed in the target meanwhile; it is read again and retried in a later cycle.", true),
        413 => ("UnprocessableEntity", "The request was too large for the target; lower the members per PATCH in the dialect profile.", false),
        429 => ("TooManyRequests", "The target is throttling; lower the request rate for this target. The object is retried automatically.", true),
        500 => ("InternalServerError", "The target failed unexpectedly; the object is retried in a later cycle. Contact the target's vendor if it persists.", true),
        501 => ("NotImplemented", "The target does not implement this operation; adjust the dialect profile.", false),
        502 or 503 => ("InternalServerError", "The target is temporarily unavailable; the object is retried in a later cycle.", true),
        504 => ("Timeout", "The target's gateway timed out; the object is retried in a later cycle.", true),
        _ => ("WebExceptionProtocolError", "The target answered with an unexpected HTTP status; check the tenant URL and the target's health.", status >= 500),
    };
}
