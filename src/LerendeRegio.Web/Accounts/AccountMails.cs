using LerendeRegio.Web.Mail;
using static LerendeRegio.Web.Mail.ActionMail;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace LerendeRegio.Web.Accounts;

/// <summary>The account mails (invitation, password reset): Dutch, HTML with a plain-text alternative, one link each.</summary>
public sealed class AccountMails(MailSender mail, MailLinks links)
{
    public const string InvitationPath = AccountsExtensions.StaffArea + "/uitnodiging";
    public const string ResetPath = AccountsExtensions.StaffArea + "/wachtwoord-herstellen";

    public async Task SendInvitationAsync(IdentityUser user, string token, string role, string? organisation, string? invitedBy, CancellationToken ct = default)
    {
        var link = Link(InvitationPath, user.Id, token);
        var who = organisation is null ? "" : $" namens {organisation}";
        var by = invitedBy is null ? "" : $" {invitedBy} heeft je uitgenodigd.";
        var text = $"""
            Welkom bij LerendeRegio

            Je hebt een account gekregen op LerendeRegio, de kennisbank van de Regio Deal Zuid- en Oost-Drenthe, met de rol {RoleNames.Dutch(role)}{who}.{by}

            Kies je wachtwoord via deze link (een week geldig):
            {link}

            Daarna log je in met je e-mailadres {user.Email}.

            Verwachtte je deze mail niet? Dan kun je hem negeren; zonder wachtwoord kan niemand het account gebruiken.
            """;
        var html = Html("Welkom bij LerendeRegio",
            $"<p>Je hebt een account gekregen op LerendeRegio, de kennisbank van de Regio Deal Zuid- en Oost-Drenthe, met de rol <strong>{E(RoleNames.Dutch(role))}</strong>{E(who)}.{E(by)}</p>",
            link, "Kies je wachtwoord",
            $"<p>De link is een week geldig. Daarna log je in met je e-mailadres {E(user.Email)}.</p><p>Verwachtte je deze mail niet? Dan kun je hem negeren; zonder wachtwoord kan niemand het account gebruiken.</p>");
        await mail.SendAsync(mail.Compose(user.Email!, "Je uitnodiging voor LerendeRegio", html, text), ct);
    }

    public async Task SendPasswordResetAsync(IdentityUser user, string token, CancellationToken ct = default)
    {
        var link = Link(ResetPath, user.Id, token);
        var text = $"""
            Nieuw wachtwoord voor LerendeRegio

            Iemand (hopelijk jij) vroeg een nieuw wachtwoord aan voor {user.Email}.
            Kies een nieuw wachtwoord via deze link (drie uur geldig):
            {link}

            Heb je niets aangevraagd? Dan kun je deze mail negeren; je wachtwoord blijft zoals het was.
            """;
        var html = Html("Nieuw wachtwoord voor LerendeRegio",
            $"<p>Iemand (hopelijk jij) vroeg een nieuw wachtwoord aan voor {E(user.Email)}.</p>",
            link, "Kies een nieuw wachtwoord",
            "<p>De link is drie uur geldig. Heb je niets aangevraagd? Dan kun je deze mail negeren; je wachtwoord blijft zoals het was.</p>");
        await mail.SendAsync(mail.Compose(user.Email!, "Nieuw wachtwoord voor LerendeRegio", html, text), ct);
    }

    // Links use the configured public address when there is one: a reset mail must never point at whatever Host header
    // the requester sent.
    private string Link(string path, string userId, string token)
    {
        return QueryHelpers.AddQueryString(links.Absolute(path), new Dictionary<string, string?> { ["gebruiker"] = userId, ["code"] = token });
    }
}

/// <summary>The Dutch words for the roles, for pages and mails.</summary>
public static class RoleNames
{
    public static readonly IReadOnlyList<string> All = [Roles.Bijdrager, Roles.Auteur, Roles.Redacteur, Roles.Administrator];

    public static string Dutch(string role) => role switch
    {
        Roles.Administrator => "beheerder",
        Roles.Redacteur => "redacteur",
        Roles.Auteur => "auteur",
        Roles.Bijdrager => "bijdrager",
        _ => role,
    };

    public static string Describe(string role) => role switch
    {
        Roles.Administrator => "Beheerder: alles, ook accounts en het auditlog (tweestapsverificatie verplicht)",
        Roles.Redacteur => "Redacteur: bewerkt, beoordeelt en publiceert alle inhoud",
        Roles.Auteur => "Auteur: schrijft en publiceert eigen inhoud",
        Roles.Bijdrager => "Bijdrager: schrijft concepten en biedt ze aan ter beoordeling (een school of monitor)",
        _ => role,
    };
}
