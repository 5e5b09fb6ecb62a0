namespace LerendeRegio.Web.Newsletter;

/// <summary>The newsletter's absolute links in mail, on the site's public address (<see cref="Mail.MailLinks"/>).</summary>
public sealed class NewsletterLinks(Mail.MailLinks mail)
{
    public bool IsConfigured => mail.IsConfigured;

    /// <summary>Scheme, host and optional path prefix, without a trailing slash.</summary>
    public string BaseUrl => mail.BaseUrl;

    public string Absolute(string path) => mail.Absolute(path);

    public string Confirm(string token) => Absolute($"/nieuwsbrief/bevestigen/{token}");

    public string Preferences(string token) => Absolute($"/nieuwsbrief/voorkeuren/{token}");

    /// <summary>The RFC 8058 one-click address and the visible link: GET shows a button, POST unsubscribes at once.</summary>
    public string Unsubscribe(string token) => Absolute($"/nieuwsbrief/afmelden/{token}");

    public string Subscribe => Absolute("/nieuwsbrief");
}
