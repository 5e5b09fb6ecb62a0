namespace LerendeRegio.Web.Accounts;

/// <summary>The permissions roles are made of (Orchard's permission model); stored as role claims.</summary>
public static class Permissions
{
    public const string ClaimType = "permission";

    public const string ViewContent = nameof(ViewContent);
    public const string EditOwnContent = nameof(EditOwnContent);
    public const string SubmitOwnContent = nameof(SubmitOwnContent);
    public const string PublishOwnContent = nameof(PublishOwnContent);
    public const string EditContent = nameof(EditContent);
    public const string PublishContent = nameof(PublishContent);
    public const string DeleteContent = nameof(DeleteContent);
    public const string ManageVocabularies = nameof(ManageVocabularies);
    public const string ManageUsers = nameof(ManageUsers);
    public const string ManageSettings = nameof(ManageSettings);
    public const string ViewAuditLog = nameof(ViewAuditLog);

    public static readonly IReadOnlySet<string> All = new HashSet<string>
    {
        ViewContent, EditOwnContent, SubmitOwnContent, PublishOwnContent, EditContent, PublishContent,
        DeleteContent, ManageVocabularies, ManageUsers, ManageSettings, ViewAuditLog,
    };
}
