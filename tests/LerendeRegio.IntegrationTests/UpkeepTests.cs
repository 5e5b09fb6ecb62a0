using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Upkeep;
using Microsoft.AspNetCore.Identity;
using MimeKit;

namespace LerendeRegio.IntegrationTests;

/// <summary>Keeping content alive: reminders 6 and 12 months after publication, answers on the item, stale items for editors.</summary>
public sealed partial class UpkeepTests(SqliteSite site) : IClassFixture<SqliteSite>
{
    private async Task<(string Id, string Email)> PublishedOwnedLessonAsync(DateTime publishedUtc, string title)
    {
        var email = await site.CreateUserAsync(Roles.Auteur);
        await using var scope = site.Scope();
        var owner = await site.Get<UserManager<IdentityUser>>(scope).FindByEmailAsync(email);
        var item = await site.Get<ContentManager>(scope).CreateAsync("LessonLearned", new ContentEdit(title, null, JsonNode.Parse("""
            {"samenvatting":"Een les om actueel te houden.","aanleiding":"Er gebeurde iets.","les":"Begin klein.","soort":["positief"]}
            """)!.AsObject()), new CreateOptions { Publish = true, PublishedUtc = publishedUtc, Owner = owner!.Id });
        return (item.ContentItemId, email);
    }

    private List<MimeMessage> MailTo(string email) =>
        Directory.Exists(Path.Combine(site.DataPath, "mail"))
            ? [.. Directory.GetFiles(Path.Combine(site.DataPath, "mail"), "*.eml").Select(f => MimeMessage.Load(f))
                .Where(m => m.To.Mailboxes.Any(a => a.Address == email))]
            : [];

    private async Task<int> RunAsync(DateTime now)
    {
        await using var scope = site.Scope();
        return await site.Get<UpkeepService>(scope).SendDueRemindersAsync(now);
    }

    [Fact]
    public async Task The_owner_is_asked_once_at_6_and_once_at_12_months_and_the_answer_shows_on_the_page()
    {
        var now = DateTime.UtcNow;
        var (id, email) = await PublishedOwnedLessonAsync(now.AddMonths(-7), "Les: actueel houden na zeven maanden");

        await RunAsync(now);
        await RunAsync(now);
        var first = Assert.Single(MailTo(email));
        Assert.Contains("Les: actueel houden na zeven maanden", first.Subject, StringComparison.Ordinal);
        Assert.NotNull(first.TextBody);
        Assert.NotNull(first.HtmlBody);

        await RunAsync(now.AddMonths(6));
        Assert.Equal(2, MailTo(email).Count);
        await RunAsync(now.AddMonths(7));
        Assert.Equal(2, MailTo(email).Count);

        var link = Link().Match(first.TextBody).Value;
        var client = site.CreateClient();
        var path = new Uri(link).PathAndQuery;
        Assert.Contains("Les: actueel houden na zeven maanden", await client.GetStringAsync(path), StringComparison.Ordinal);
        var missing = await client.PostFormAsync(path, new() { ["Input.AppliedElsewhere"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("Kies of het nog actueel is", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var answered = await client.PostFormAsync(path, new() { ["Input.StillCurrent"] = "true", ["Input.AppliedElsewhere"] = "Ook in Coevorden" });
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);

        await using var scope = site.Scope();
        var answers = await site.Get<UpkeepService>(scope).AnswersAsync(id);
        Assert.Equal("Ook in Coevorden", Assert.Single(answers).AppliedElsewhere);
        var item = (await site.Get<ContentManager>(scope).GetAsync(id))!;
        var type = (await site.Get<ContentDefinitionStore>(scope).GetTypesAsync())[item.ContentType];
        var page = await client.GetStringAsync($"/{type.RoutePrefix}/{item.Slug}");
        Assert.Contains("Laatst bevestigd als actueel", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Items_under_six_months_or_without_an_owner_get_no_mail()
    {
        var now = DateTime.UtcNow;
        var (_, email) = await PublishedOwnedLessonAsync(now.AddMonths(-5), "Les: nog vers");
        await RunAsync(now);
        Assert.Empty(MailTo(email));
    }

    [Fact]
    public async Task A_damaged_link_gets_a_Dutch_400_page()
    {
        var response = await site.CreateClient().GetAsync("/actueel/niet-echt");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Deze link werkt niet meer", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editors_see_items_nobody_confirmed_for_a_year_or_that_the_owner_called_out_of_date()
    {
        var now = DateTime.UtcNow;
        var (oldId, _) = await PublishedOwnedLessonAsync(now.AddMonths(-14), "Les: al lang niet bevestigd");
        var (reportedId, _) = await PublishedOwnedLessonAsync(now.AddMonths(-2), "Les: gestopt volgens de eigenaar");
        var (confirmedId, _) = await PublishedOwnedLessonAsync(now.AddMonths(-14), "Les: oud maar bevestigd");
        await using (var scope = site.Scope())
        {
            var upkeep = site.Get<UpkeepService>(scope);
            await upkeep.RecordAnswerAsync(reportedId, stillCurrent: false, null, null);
            await upkeep.RecordAnswerAsync(confirmedId, stillCurrent: true, null, null);
        }
        var editor = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Redacteur));
        var page = await editor.GetStringAsync("/beheer/verouderd");
        Assert.Contains("Les: al lang niet bevestigd", page, StringComparison.Ordinal);
        Assert.Contains("Les: gestopt volgens de eigenaar", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Les: oud maar bevestigd", page, StringComparison.Ordinal);
        Assert.Contains(oldId, page, StringComparison.Ordinal);
        var contributor = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Bijdrager));
        var denied = await contributor.GetAsync("/beheer/verouderd");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
    }

    [GeneratedRegex(@"https?://\S+/actueel/\S+")]
    private static partial Regex Link();
}
