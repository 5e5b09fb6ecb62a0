using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Newsletter;
using LerendeRegio.Web.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LerendeRegio.IntegrationTests;

/// <summary>
/// Saved searches, from the form on /zoeken to a section of the monthly digest, against a real SMTP server (MailDev).
/// Every test has a month of its own, so the items one publishes never show up in another's digest.
/// </summary>
public sealed partial class SavedSearchTests(NewsletterSite site) : IClassFixture<NewsletterSite>
{
    private static DateTime Day(DigestPeriod period, int day) => new(period.Year, period.Month, day, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task An_anonymous_visitor_saves_a_search_confirms_it_by_mail_and_the_digest_lists_only_its_new_matches()
    {
        var period = new DigestPeriod(2032, 1);
        var tag = SavedSearchSteps.Tag();
        var address = $"zoeker-{tag}@lerenderegio.test";
        var stranger = $"onbekend-{tag}@lerenderegio.test";
        using var visitor = site.Anonymous();

        // The search page offers the form with a name made from the words and filters, and no antiforgery token: the
        // page is the same for every anonymous visitor (and cached).
        var search = await visitor.GetStringAsync("/zoeken?q=ouderbetrokkenheid&gemeente=emmen");
        Assert.Contains("Bewaar deze zoekopdracht", search, StringComparison.Ordinal);
        Assert.Contains("name=\"zoekopdracht\" value=\"q=ouderbetrokkenheid&amp;gemeente=emmen\"", search, StringComparison.Ordinal);
        Assert.Contains("value=\"ouderbetrokkenheid · Emmen\"", search, StringComparison.Ordinal);
        Assert.DoesNotContain("__RequestVerificationToken", search, StringComparison.Ordinal);

        // The answer is the same for a new address, the same address again and an address nobody confirmed.
        var first = await visitor.SaveAsync("q=ouderbetrokkenheid&gemeente=emmen&pagina=2", address);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var again = await visitor.SaveAsync("q=ouderbetrokkenheid&gemeente=emmen", address.ToUpperInvariant());
        var unknown = await visitor.SaveAsync("q=ouderbetrokkenheid&gemeente=emmen", stranger);
        var answer = await first.MainAsync();
        Assert.Contains("krijg je een e-mail met een link", answer, StringComparison.Ordinal);
        Assert.Equal(answer, await again.MainAsync());
        Assert.Equal(answer, await unknown.MainAsync());

        // One mail to the address (the second request fell within the mail interval), listing what the link confirms.
        await site.MailDev.WaitForAsync(stranger);
        var mail = Assert.Single(await site.MailDev.WaitForAsync(address));
        Assert.StartsWith("Bevestig je zoekopdracht", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("‘ouderbetrokkenheid · Emmen’: ‘ouderbetrokkenheid’ · Gemeente: Emmen", mail.Text, StringComparison.Ordinal);
        var waiting = await site.SubscriberAsync(address);
        Assert.Equal((SubscriberStatus.Pending, false), (waiting!.Status, waiting.GeneralDigest));
        Assert.Equal(SavedSearchStatus.Pending, Assert.Single(await site.SearchesOfAsync(address)).Status);

        // The link shows what it confirms; a search someone else asks for this address meanwhile is not confirmed with it.
        var (page, confirmed) = await site.ConfirmAsync(mail, () => visitor.SaveAsync("q=sportdag", address));
        Assert.Contains("‘ouderbetrokkenheid · Emmen’", page, StringComparison.Ordinal);
        var result = await confirmed.Content.ReadAsStringAsync();
        Assert.Contains("Je zoekopdracht ‘ouderbetrokkenheid · Emmen’ is bevestigd", result, StringComparison.Ordinal);
        Assert.Contains("/nieuwsbrief/voorkeuren/", result, StringComparison.Ordinal);
        Assert.Equal(SubscriberStatus.Confirmed, (await site.SubscriberAsync(address))!.Status);
        var searches = await site.SearchesOfAsync(address);
        Assert.Equal([("ouderbetrokkenheid · Emmen", SavedSearchStatus.Active), ("sportdag", SavedSearchStatus.Pending)],
            searches.Select(s => (s.Name, s.Status)));

        var match = $"Ouderbetrokkenheid in Emmen {tag}";
        var elsewhere = $"Ouderbetrokkenheid in Coevorden {tag}";
        var otherTopic = $"Sportdag in Emmen {tag}";
        await site.PublishLessonAsync(match, Day(period, 10), gemeenten: ["emmen"]);
        await site.PublishLessonAsync(elsewhere, Day(period, 11), gemeenten: ["coevorden"]);
        await site.PublishLessonAsync(otherTopic, Day(period, 12), gemeenten: ["emmen"]);
        await site.PublishLessonAsync($"Ouderbetrokkenheid in december {tag}", new DateTime(2031, 12, 20, 9, 0, 0, DateTimeKind.Utc), gemeenten: ["emmen"]);

        await site.RunDigestAsync(period);

        var digest = Assert.Single(await site.DigestsAsync(address, period));
        Assert.Equal("LerendeRegio in januari 2032: 1 nieuwe publicatie", digest.Subject);
        var sections = SavedSearchSteps.Sections(digest.Text!, tag);
        Assert.Equal([match], sections["Nieuw voor je zoekopdracht ‘ouderbetrokkenheid · Emmen’"]);
        Assert.Empty(sections[""]); // no general part: this address asked only for its search
        Assert.DoesNotContain(otherTopic, digest.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(elsewhere, digest.Html, StringComparison.Ordinal);
        Assert.Contains("http://localhost/zoeken?q=ouderbetrokkenheid&gemeente=emmen&sortering=datum", digest.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"http://localhost/zoeken?q=ouderbetrokkenheid&amp;gemeente=emmen&amp;sortering=datum\"", digest.Html, StringComparison.Ordinal);
        Assert.Contains("<h2", digest.Html, StringComparison.Ordinal);
        Assert.Equal(DeliveryState.Sent, await site.DeliveryAsync(address, period));
        // The stranger never confirmed: nothing but the confirmation mail.
        Assert.Single(await site.MailDev.ToAsync(stranger));
    }

    [Fact]
    public async Task A_signed_in_user_saves_at_once_and_the_general_digest_stays_off_unless_they_had_it()
    {
        var period = new DigestPeriod(2032, 2);
        var tag = SavedSearchSteps.Tag();
        var author = await site.CreateUserAsync(Roles.Auteur);
        var staff = await site.SignedInClientAsync(author);

        var search = await staff.GetStringAsync("/zoeken?q=sportdag&soort=LessonLearned");
        Assert.Contains(author, search, StringComparison.Ordinal);
        Assert.Contains("__RequestVerificationToken", search, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"bewaar-email\"", search, StringComparison.Ordinal);
        var saved = await staff.PostFieldsAsync("/zoeken/bewaren", [new("zoekopdracht", "q=sportdag&soort=LessonLearned"), new("naam", "  Sportdagen  ")],
            "/zoeken?q=sportdag&soort=LessonLearned");
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var body = await saved.Content.ReadAsStringAsync();
        Assert.Contains("Je zoekopdracht ‘Sportdagen’ is bewaard", body, StringComparison.Ordinal);
        Assert.Contains("Het algemene maandoverzicht kun je aanzetten", body, StringComparison.Ordinal);
        var subscriber = await site.SubscriberAsync(author);
        Assert.Equal((SubscriberStatus.Confirmed, false), (subscriber!.Status, subscriber.GeneralDigest));
        var stored = Assert.Single(await site.SearchesOfAsync(author));
        Assert.Equal(("Sportdagen", SavedSearchStatus.Active), (stored.Name, stored.Status));
        Assert.Empty(await site.MailDev.ToAsync(author)); // no confirmation needed: the invitation verified the address
        var twice = await staff.PostFieldsAsync("/zoeken/bewaren", [new("zoekopdracht", "soort=LessonLearned&q=sportdag")], "/zoeken?q=sportdag&soort=LessonLearned");
        Assert.Contains("had je al bewaard, als ‘Sportdagen’", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await site.SearchesOfAsync(author));

        // Someone who already had the general digest keeps it, and gets both.
        var editor = await site.CreateUserAsync(Roles.Redacteur);
        await using (var scope = site.Scope())
        {
            var db = site.Get<LerendeRegioDbContext>(scope);
            db.Add(new Subscriber { Email = editor, Status = SubscriberStatus.Confirmed, CreatedUtc = DateTime.UtcNow, ConfirmedUtc = DateTime.UtcNow, GeneralDigest = true });
            await db.SaveChangesAsync();
        }
        var editorClient = await site.SignedInClientAsync(editor);
        Assert.Equal(HttpStatusCode.OK, (await editorClient.PostFieldsAsync("/zoeken/bewaren", [new("zoekopdracht", "q=sportdag")], "/zoeken?q=sportdag")).StatusCode);
        Assert.True((await site.SubscriberAsync(editor))!.GeneralDigest);

        var lesson = $"Sportdag in Emmen {tag}";
        var practice = $"Sportdag op school {tag}";
        var unrelated = $"Taalcafé voor ouders {tag}";
        await site.PublishLessonAsync(lesson, Day(period, 3), gemeenten: ["emmen"]);
        await site.PublishPracticeAsync(practice, Day(period, 4));
        await site.PublishLessonAsync(unrelated, Day(period, 5));

        await site.RunDigestAsync(period);

        var authorDigest = SavedSearchSteps.Sections(Assert.Single(await site.DigestsAsync(author, period)).Text!, tag);
        Assert.Equal([lesson], authorDigest["Nieuw voor je zoekopdracht ‘Sportdagen’"]);
        Assert.Equal(2, authorDigest.Count); // the saved search, and nothing before it: no general part
        Assert.Empty(authorDigest[""]);
        var editorMail = Assert.Single(await site.DigestsAsync(editor, period));
        var editorDigest = SavedSearchSteps.Sections(editorMail.Text!, tag);
        Assert.Equal([practice, lesson], editorDigest["Nieuw voor je zoekopdracht ‘sportdag’"]);
        // The general part has the rest, and says that what the saved search showed belongs to it too.
        Assert.Equal([unrelated], editorDigest["Verder nieuw"]);
        Assert.Contains("publicaties hierboven horen hier ook bij", editorMail.Text, StringComparison.Ordinal);
        var listed = editorDigest.Values.SelectMany(v => v).ToList();
        Assert.Equal(listed.Count, listed.Distinct().Count()); // nothing twice
    }

    [Fact]
    public async Task With_the_general_digest_switched_off_only_saved_searches_count_and_SkipEmpty_skips_when_none_matched()
    {
        var period = new DigestPeriod(2032, 3);
        var tag = SavedSearchSteps.Tag();
        var (reader, token, _) = await site.SubscriberWithSearchesAsync(true, ("Taal", "q=taalles"));
        var (quiet, _, _) = await site.SubscriberWithSearchesAsync(false, ("Nooit", $"q=zwelgpotmeander{tag}"));
        var (nothing, _, _) = await site.SubscriberWithSearchesAsync(false);

        // The preferences page: the general digest is a choice of its own, next to "nothing ticked is everything".
        var client = site.Browser();
        var preferences = await client.GetStringAsync($"/nieuwsbrief/voorkeuren/{token}");
        Assert.Contains("id=\"algemeen-aan\" name=\"algemeen\" value=\"aan\" checked=\"checked\"", preferences, StringComparison.Ordinal);
        Assert.Contains("Kies je in een lijst niets, dan krijg je daarvan alles", preferences, StringComparison.Ordinal);
        Assert.Contains("‘Taal’", preferences, StringComparison.Ordinal);
        Assert.Contains("Zoekt: ‘taalles’", preferences, StringComparison.Ordinal);
        var off = await client.PostFormAsync($"/nieuwsbrief/voorkeuren/{token}?handler=Opslaan", new() { ["algemeen"] = "uit" }, $"/nieuwsbrief/voorkeuren/{token}");
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.Contains("id=\"algemeen-uit\" name=\"algemeen\" value=\"uit\" checked=\"checked\"", await off.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False((await site.SubscriberAsync(reader.Email))!.GeneralDigest);
        var bad = await client.PostFormAsync($"/nieuwsbrief/voorkeuren/{token}?handler=Opslaan", new() { ["algemeen"] = "misschien" }, $"/nieuwsbrief/voorkeuren/{token}");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Kies bij het algemene maandoverzicht", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var lesson = $"Taalles op het dorpshuis {tag}";
        await site.PublishLessonAsync(lesson, Day(period, 7));
        await site.PublishLessonAsync($"Sportdag {tag}", Day(period, 8));

        await site.RunDigestAsync(period);

        var digest = Assert.Single(await site.DigestsAsync(reader.Email, period));
        var sections = SavedSearchSteps.Sections(digest.Text!, tag);
        Assert.Equal([lesson], sections["Nieuw voor je zoekopdracht ‘Taal’"]);
        Assert.Empty(sections[""]);
        Assert.False(sections.ContainsKey("Verder nieuw"));
        Assert.Equal("LerendeRegio in maart 2032: 1 nieuwe publicatie", digest.Subject);
        // Nothing matched the saved search, and the general part is off: nothing new, nothing sent.
        Assert.Empty(await site.MailDev.ToAsync(quiet.Email));
        Assert.Equal(DeliveryState.Skipped, await site.DeliveryAsync(quiet.Email, period));
        Assert.Empty(await site.MailDev.ToAsync(nothing.Email));
        Assert.Equal(DeliveryState.Skipped, await site.DeliveryAsync(nothing.Email, period));
        await using var scope = site.Scope();
        var db = site.Get<LerendeRegioDbContext>(scope);
        Assert.Equal(1, (await db.Set<DigestDelivery>().SingleAsync(d => d.Period == period.Key && d.SubscriberId == reader.Id)).ItemCount);
    }

    [Fact]
    public async Task A_subscriber_has_at_most_ten_saved_searches_and_hears_so_in_Dutch()
    {
        var author = await site.CreateUserAsync(Roles.Bijdrager);
        var staff = await site.SignedInClientAsync(author);
        for (var i = 1; i <= 10; i++)
        {
            var saved = await staff.PostFieldsAsync("/zoeken/bewaren", [new("zoekopdracht", $"q=limiet{i}")], "/zoeken?q=school");
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
        var refused = await staff.PostFieldsAsync("/zoeken/bewaren", [new("zoekopdracht", "q=limiet11")], "/zoeken?q=school");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Je hebt al het maximum van 10 bewaarde zoekopdrachten", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(10, (await site.SearchesOfAsync(author)).Count);

        // Anonymously for the same address: the usual answer on the page, the reason in the owner's mailbox.
        using var visitor = site.Anonymous();
        var anonymous = await visitor.SaveAsync("q=limiet12", author);
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Contains("krijg je een e-mail met een link", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var mail = Assert.Single(await site.MailDev.WaitForAsync(author));
        Assert.Contains("maximum van 10 bewaarde zoekopdrachten", mail.Text, StringComparison.Ordinal);
        Assert.Contains("/nieuwsbrief/voorkeuren/", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("/nieuwsbrief/bevestigen/", mail.Text, StringComparison.Ordinal);
        Assert.All(await site.SearchesOfAsync(author), s => Assert.Equal(SavedSearchStatus.Active, s.Status));
        Assert.Equal(10, (await site.SearchesOfAsync(author)).Count);
    }

    [Fact]
    public async Task Saved_searches_are_renamed_and_deleted_on_the_preferences_page_by_their_owner_only()
    {
        var (owner, token, searches) = await site.SubscriberWithSearchesAsync(false, ("Eerste", "q=ouders&gemeente=emmen"), ("Tweede", "q=taal"));
        var (_, _, others) = await site.SubscriberWithSearchesAsync(true, ("Van een ander", "q=sport"));
        var client = site.Browser();
        var url = $"/nieuwsbrief/voorkeuren/{token}";

        var page = await client.GetStringAsync(url);
        Assert.Contains("Zoekt: ‘ouders’ · Gemeente: Emmen", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/zoeken?q=ouders&amp;gemeente=emmen\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Van een ander", page, StringComparison.Ordinal);
        // Forms post to this very address: a generated one would be lower-cased, and the token is case-sensitive.
        Assert.Contains("action=\"?handler=Hernoemen\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("action=\"/nieuwsbrief/voorkeuren/", page, StringComparison.Ordinal);

        var renamed = await client.PostFormAsync(url + "?handler=Hernoemen", new() { ["id"] = searches[0].Id.ToString(), ["naam"] = "Ouders in Emmen" }, url);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Contains("De naam is gewijzigd", await renamed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var tooLong = await client.PostFormAsync(url + "?handler=Hernoemen", new() { ["id"] = searches[0].Id.ToString(), ["naam"] = new string('x', 101) }, url);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("Houd de naam bij hoogstens 100 tekens", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var foreign = await client.PostFormAsync(url + "?handler=Hernoemen", new() { ["id"] = others[0].Id.ToString(), ["naam"] = "Gekaapt" }, url);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);

        var notMine = await client.PostFormAsync(url + "?handler=ZoekopdrachtVerwijderen", new() { ["id"] = others[0].Id.ToString() }, url);
        Assert.Equal(HttpStatusCode.NotFound, notMine.StatusCode);
        Assert.Contains("bestaat niet (meer)", await notMine.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var notANumber = await client.PostFormAsync(url + "?handler=ZoekopdrachtVerwijderen", new() { ["id"] = "drie" }, url);
        Assert.Equal(HttpStatusCode.NotFound, notANumber.StatusCode);
        var deleted = await client.PostFormAsync(url + "?handler=ZoekopdrachtVerwijderen", new() { ["id"] = searches[1].Id.ToString() }, url);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Contains("De zoekopdracht ‘Tweede’ is verwijderd", await deleted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(["Ouders in Emmen"], (await site.SearchesOfAsync(owner.Email)).Select(s => s.Name));
        Assert.Equal("Van een ander", Assert.Single(await site.SearchesOfAsync(await EmailOfAsync(others[0].SubscriberId))).Name);
    }

    [Fact]
    public async Task The_data_export_lists_saved_searches_and_erasure_and_unsubscribing_delete_them()
    {
        var (subscriber, token, _) = await site.SubscriberWithSearchesAsync(false, ("Ouders in Emmen", "q=ouders&gemeente=emmen&soort=SchoolPractice"));
        var client = site.Browser();
        var export = (await (await client.GetAsync($"/nieuwsbrief/gegevens/{token}")).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.False(export["generalDigest"]!.GetValue<bool>());
        var saved = export["savedSearches"]![0]!;
        Assert.Equal("Ouders in Emmen", saved["name"]!.GetValue<string>());
        Assert.Equal("ouders", saved["query"]!.GetValue<string>());
        Assert.Equal("emmen", saved["filters"]!["gemeente"]![0]!.GetValue<string>());
        Assert.Equal("SchoolPractice", saved["filters"]!["soort"]![0]!.GetValue<string>());
        Assert.Equal("‘ouders’ · Gemeente: Emmen · Soort: Schoolpraktijken", saved["description"]!.GetValue<string>());
        Assert.Equal("http://localhost/zoeken?q=ouders&gemeente=emmen&soort=SchoolPractice", saved["url"]!.GetValue<string>());
        Assert.Equal("Active", saved["status"]!.GetValue<string>());

        var erased = await client.PostFormAsync($"/nieuwsbrief/voorkeuren/{token}?handler=Verwijderen", [], $"/nieuwsbrief/voorkeuren/{token}");
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal(0, await SearchCountAsync(subscriber.Id));

        var (leaving, leaveToken, _) = await site.SubscriberWithSearchesAsync(true, ("Taal", "q=taal"));
        using var provider = site.Anonymous();
        var unsubscribed = await provider.PostAsync($"/nieuwsbrief/afmelden/{leaveToken}", new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        Assert.Equal(0, await SearchCountAsync(leaving.Id));
        Assert.Null(await site.SubscriberAsync(leaving.Email));
    }

    [Theory]
    [InlineData("gemeente=atlantis", "", "x@lerenderegio.test", "atlantis&#x27; is geen bekende waarde van gemeente")]
    [InlineData("soort=Nieuws&q=school", "", "x@lerenderegio.test", "Nieuws&#x27; is geen soort inhoud")]
    [InlineData("planeet=mars&q=school", "", "x@lerenderegio.test", "planeet&#x27; kun je niet filteren")]
    [InlineData("q=", "", "x@lerenderegio.test", "een lege zoekopdracht vindt alles")]
    [InlineData("q=de+het", "", "x@lerenderegio.test", "een lege zoekopdracht vindt alles")]
    [InlineData("", "", "x@lerenderegio.test", "een lege zoekopdracht vindt alles")]
    [InlineData("q=school", "", "geen-adres", "Vul een geldig e-mailadres in")]
    [InlineData("q=school", "", "", "Vul een geldig e-mailadres in")]
    [InlineData("q=school&pagina=abc", "", "x@lerenderegio.test", null)] // paging is dropped, not refused
    public async Task A_bad_save_gets_a_Dutch_400_and_never_a_500(string search, string name, string email, string? problem)
    {
        using var visitor = site.Anonymous();
        var response = await visitor.SaveAsync(search, email, name);
        var body = await response.Content.ReadAsStringAsync();
        if (problem is null)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_bad_input_gets_a_Dutch_4xx_too()
    {
        var errorsBefore = site.Errors.Count;
        using var visitor = site.Anonymous();
        var longName = await visitor.SaveAsync("q=school", "x@lerenderegio.test", new string('n', 101));
        Assert.Equal(HttpStatusCode.BadRequest, longName.StatusCode);
        Assert.Contains("Houd de naam bij hoogstens 100 tekens", await longName.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var longQuery = await visitor.SaveAsync("q=" + new string('a', 501), "x@lerenderegio.test");
        Assert.Equal(HttpStatusCode.BadRequest, longQuery.StatusCode);
        Assert.Contains("Je zoekvraag is te lang", await longQuery.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var tooMany = await visitor.SaveAsync(string.Join('&', Enumerable.Range(0, 21).Select(i => $"gemeente=g{i}")), "x@lerenderegio.test");
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("Kies hoogstens 20 waarden", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var get = await visitor.GetAsync("/zoeken/bewaren?thema=bestaat-niet");
        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
        Assert.Contains("bestaat-niet&#x27; is geen bekende waarde van thema", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var form = await visitor.GetAsync("/zoeken/bewaren?q=ouders&thema=kansen-voor-kinderen");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("value=\"ouders · Kansen voor kinderen\"", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A confirmation link that is not one.
        var confirm = await site.Browser().PostFormAsync("/nieuwsbrief/bevestigen/niet-echt", new() { ["zoekopdracht"] = "1" });
        Assert.Equal(HttpStatusCode.BadRequest, confirm.StatusCode);
        Assert.Contains("Deze link werkt niet (meer)", await confirm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(site.Errors.Count == errorsBefore, string.Join('\n', site.Errors));
    }

    [Fact]
    public async Task Too_many_saves_for_one_address_get_429_in_Dutch_and_one_mail()
    {
        var address = $"veel-{Guid.NewGuid():N}@lerenderegio.test";
        using var visitor = site.Anonymous();
        HttpResponseMessage response = null!;
        for (var i = 0; i < 6; i++) response = await visitor.SaveAsync($"q=veel{i}", address);
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("te veel aanvragen gedaan", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await site.MailDev.WaitForAsync(address));
        // The subscribe form counts against the same per-address limit.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await visitor.PostAsJsonAsync("/api/newsletter/subscriptions", new { email = address })).StatusCode);
    }

    [Fact]
    public async Task A_saved_search_finds_in_a_month_exactly_what_the_search_page_finds_among_that_months_items()
    {
        var period = new DigestPeriod(2032, 6);
        var tag = SavedSearchSteps.Tag();
        var day = 1;
        DateTime Next() => Day(period, day++);
        await site.PublishLessonAsync($"Jeugdzorg dichtbij huis {tag}", Next(), gemeenten: ["emmen"]);
        await site.PublishLessonAsync($"Basisscholen werken samen met ouders {tag}", Next(), gemeenten: ["coevorden"]);
        await site.PublishLessonAsync($"Koffieochtend {tag}", Next(), elements: ["ouderbetrokkenheid"], gemeenten: ["emmen"]);
        await site.PublishLessonAsync($"Schuldhulp voor gezinnen {tag}", Next(), gemeenten: ["coevorden"], themes: ["armoede-en-schulden"]);
        await site.PublishLessonAsync($"Voorlezen op de peuterspeelzaal {tag}", Next(), les: "Taal groeit als ouders thuis voorlezen.");
        await site.PublishLessonAsync($"Techniek in het primair onderwijs {tag}", Next(), themes: ["jeugd-en-techniek"]);
        await site.PublishLessonAsync($"Een kansencoach op de basisschool {tag}", Next(), elements: ["kansencoach-op-school"], gemeenten: ["emmen"]);
        await site.PublishPracticeAsync($"Sportdag met ouders {tag}", Next());
        await using var scope = site.Scope();
        var last = await site.Get<LerendeRegioDbContext>(scope).ChangeLog.MaxAsync(c => c.Sequence);
        await site.Services.GetRequiredService<SearchIndex>().WaitForAsync(last).WaitAsync(TimeSpan.FromSeconds(30));

        var edition = await site.Get<DigestEditions>(scope).LoadAsync(period);
        var monthIds = edition.Items.Select(i => i.ContentItemId).ToHashSet();
        Assert.Equal(8, monthIds.Count);
        var search = site.Get<SearchService>(scope);
        string[] searches =
        [
            "q=jeugdhulp", // a synonym of jeugdzorg
            "q=school", // stems and compounds: basisscholen, basisschool
            "q=ouderbetrokkenheid", // only a term of the item names it
            "q=po", // a curated synonym: primair onderwijs
            "q=schulden&gemeente=coevorden",
            "q=ouders&soort=LessonLearned",
            "q=ouders&soort=SchoolPractice",
            "q=\"werken samen\"",
            "q=ouders -koffieochtend",
            "gemeente=emmen",
            "thema=armoede-en-schulden&thema=jeugd-en-techniek",
            "q=gezinnen schuldhulp zwelgpotmeander", // two of three words: the relaxed match of long questions
            "q=taal voorlezen",
            "werkzaam-element=kansencoach-op-school",
        ];
        var report = new List<string>();
        foreach (var text in searches)
        {
            var criteria = SavedSearchCriteria.FromQueryString(text);
            var found = edition.For(criteria).Select(i => i.ContentItemId).ToHashSet();
            var onSite = new HashSet<string>();
            for (var page = 1; ; page++)
            {
                var result = await search.SearchAsync(criteria.ToRequest() with { Page = page, PageSize = SearchRequest.MaxPageSize });
                Assert.False(result.Approximate, text);
                onSite.UnionWith(result.Hits.Select(h => h.Id).Where(monthIds.Contains));
                if (page >= result.PageCount) break;
            }
            report.Add($"{text}: {found.Count} of {monthIds.Count}");
            Assert.True(onSite.SetEquals(found), $"{text}: the search page finds {onSite.Count}, the digest {found.Count}");
            Assert.NotEmpty(found);
            Assert.True(found.Count < monthIds.Count, $"{text} finds every item of the month; the comparison would prove little");
        }
    }

    private async Task<int> SearchCountAsync(long subscriberId)
    {
        await using var scope = site.Scope();
        return await site.Get<LerendeRegioDbContext>(scope).Set<SavedSearch>().CountAsync(s => s.SubscriberId == subscriberId);
    }

    private async Task<string> EmailOfAsync(long subscriberId)
    {
        await using var scope = site.Scope();
        return await site.Get<LerendeRegioDbContext>(scope).Set<Subscriber>().Where(s => s.Id == subscriberId).Select(s => s.Email).SingleAsync();
    }
}

/// <summary>
/// A node without a search index (as a worker node, or <c>LerendeRegio.Cli newsletter send</c>): saving works, and the
/// digest still matches saved searches, from the period's items indexed in memory.
/// </summary>
public sealed class SavedSearchWithoutIndexTests(NewsletterSiteWithoutSearchIndex site) : IClassFixture<NewsletterSiteWithoutSearchIndex>
{
    [Fact]
    public async Task Without_a_search_index_on_the_node_the_digest_still_matches_saved_searches()
    {
        Assert.False(site.Services.GetRequiredService<SearchIndex>().IsReady);
        var period = new DigestPeriod(2032, 5);
        var tag = SavedSearchSteps.Tag();
        var address = $"werker-{tag}@lerenderegio.test";
        using var visitor = site.Anonymous();
        // The search page needs the index; saving does not.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await visitor.GetAsync("/zoeken?q=jeugdhulp")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.SaveAsync("q=jeugdhulp&gemeente=emmen", address, "Jeugdhulp in Emmen")).StatusCode);
        await site.ConfirmAsync(Assert.Single(await site.MailDev.WaitForAsync(address)));

        var match = $"Jeugdzorg in de wijk {tag}";
        await site.PublishLessonAsync(match, new DateTime(2032, 5, 6, 9, 0, 0, DateTimeKind.Utc), gemeenten: ["emmen"]);
        await site.PublishLessonAsync($"Jeugdzorg in Coevorden {tag}", new DateTime(2032, 5, 7, 9, 0, 0, DateTimeKind.Utc), gemeenten: ["coevorden"]);
        await site.PublishLessonAsync($"Woningbouw in Emmen {tag}", new DateTime(2032, 5, 8, 9, 0, 0, DateTimeKind.Utc), gemeenten: ["emmen"]);

        await site.RunDigestAsync(period);

        var digest = Assert.Single(await site.DigestsAsync(address, period));
        Assert.Equal([match], SavedSearchSteps.Sections(digest.Text!, tag)["Nieuw voor je zoekopdracht ‘Jeugdhulp in Emmen’"]);
        Assert.False(site.Services.GetRequiredService<SearchIndex>().IsReady);
    }
}
