using System.Net;
using System.Text.RegularExpressions;

namespace LerendeRegio.IntegrationTests;

/// <summary>Filling the generated editors the way a browser posts them.</summary>
public static partial class BeheerForms
{
    /// <summary>A valid school practice: every required field, as its editor names them.</summary>
    public static List<KeyValuePair<string, string>> Practice(string title, string action = "opslaan", string watWeDoen = "Elke week een inloopochtend voor ouders met koffie.") =>
    [
        new("titel", title),
        new("v.samenvatting", "Ouders komen makkelijker binnen als de drempel laag is."),
        new("v.schoolNaam", "OBS De Testschool"),
        new("v.gemeente", "emmen"),
        new("v.deelproject", "educatief-partnerschap"),
        new("v.themas", "kansen-voor-kinderen"),
        new("v.aanleiding", "Weinig ouders kwamen op school."),
        new("v.watWeDoen", watWeDoen),
        new("v.bewijsniveau", "0"),
        new("actie", action),
    ];

    public static List<KeyValuePair<string, string>> With(this List<KeyValuePair<string, string>> fields, string name, string value)
    {
        var copy = fields.Where(f => f.Key != name).ToList();
        copy.Add(new(name, value));
        return copy;
    }

    /// <summary>Creates a practice through <c>/beheer/inhoud/nieuw/SchoolPractice</c>; returns its id.</summary>
    public static async Task<string> CreatePracticeAsync(this HttpClient client, string title, string action = "opslaan")
    {
        var response = await client.PostFieldsAsync("/beheer/inhoud/nieuw/SchoolPractice", Practice(title, action));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Creating '{title}' answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!.OriginalString.Split('/')[^1];
    }

    /// <summary>The revision an editor page carries in its form.</summary>
    public static async Task<string> RevisionAsync(this HttpClient client, string url)
    {
        var page = await client.GetStringAsync(url);
        var match = RevisionField().Match(page);
        Assert.True(match.Success, $"{url} has no revision field");
        return match.Groups[1].Value;
    }

    [GeneratedRegex("name=\"revisie\" value=\"(\\d+)\"")]
    private static partial Regex RevisionField();
}
