namespace Portal.Web.Jobs;

/// <summary>Why a cycle runs; decides how the engine treats a quarantined job and held deletions.</summary>
public enum CycleTrigger
{
    /// <summary>The recurring schedule: a quarantined job runs only when its next attempt is due.</summary>
    Schedule,

    /// <summary>An admin's "Sync now": runs at once, quarantine or not.</summary>
    SyncNow,

    /// <summary>An admin's "Allow deletes": exports the disables and deletes the threshold held.</summary>
    AllowDeletes,

    /// <summary>Graph notified a change of a user or group: runs now, but as the schedule would (a quarantined job waits).</summary>
    ChangeNotification,

    /// <summary>The assignment watch found the application's assignments changed (Graph notifies none): as a change notification.</summary>
    AssignmentChange,
}
