namespace LerendeRegio.Web.Accounts;

/// <summary>The role names the recipe creates.</summary>
public static class Roles
{
    public const string Administrator = nameof(Administrator);
    public const string Redacteur = nameof(Redacteur);
    public const string Auteur = nameof(Auteur);
    public const string Bijdrager = nameof(Bijdrager);
}
