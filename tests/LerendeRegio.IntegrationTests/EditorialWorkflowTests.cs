using System.Net;
using System.Security.Claims;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Audit;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Editorial;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.IntegrationTests;

/// <summary>The editorial workflow through the real beheer pages: concept → ter beoordeling → gepubliceerd, with sending back.</summary>
public sealed class EditorialWorkflowTests(SqliteSite site) : IClassFixture<SqliteSite>
{
    private static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);

    [Fact]
    public async Task A_school_submits_an_editor_sends_it_back_with_a_comment_the_school_fixes_it_and_the_editor_publishes()
    {
        var school = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Bijdrager, "OBS De Vlinder"));
        var editorEmail = await site.CreateUserAsync(Roles.Redacteur);
        var editor = await site.SignedInClientAsync(editorEmail);

        var id = await school.CreatePracticeAsync("Inloopochtend voor ouders", "indienen");
        var page = await school.GetStringAsync($"/beheer/inhoud/{id}");
        Assert.Contains("Ter beoordeling", page, StringComparison.Ordinal);
        Assert.Contains("Terugnemen uit de beoordeling", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/inloopochtend-voor-ouders\"", await site.CreateClient().GetStringAsync("/schoolpraktijken"), StringComparison.Ordinal);

        // The editor sees it waiting; sending back needs a comment.
        Assert.Contains(id, await editor.GetStringAsync("/beheer"), StringComparison.Ordinal);
        var review = $"/beheer/inhoud/{id}/beoordelen";
        var revision = await editor.RevisionAsync(review);
        var noComment = await editor.PostFormAsync(review + "?handler=SendBack", new() { ["revisie"] = revision, ["opmerking"] = " " }, review);
        Assert.Equal(HttpStatusCode.BadRequest, noComment.StatusCode);
        Assert.Contains("Schrijf op wat er moet veranderen", await noComment.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        const string comment = "Noem ook hoeveel ouders er gemiddeld komen.";
        var sentBack = await editor.PostFormAsync(review + "?handler=SendBack", new() { ["revisie"] = revision, ["opmerking"] = comment }, review);
        Assert.Equal(HttpStatusCode.Redirect, sentBack.StatusCode);

        // The school sees the comment on its dashboard and on the item, fixes the text and offers it again.
        Assert.Contains(Html(comment), await school.GetStringAsync("/beheer"), StringComparison.Ordinal);
        page = await school.GetStringAsync($"/beheer/inhoud/{id}");
        Assert.Contains("Teruggestuurd", page, StringComparison.Ordinal);
        Assert.Contains(Html(comment), page, StringComparison.Ordinal);
        var fixedText = "Elke week een inloopochtend voor ouders met koffie; gemiddeld komen er twaalf ouders.";
        var resubmit = await school.PostFieldsAsync($"/beheer/inhoud/{id}",
            [.. BeheerForms.Practice("Inloopochtend voor ouders", "indienen", fixedText), new("revisie", await school.RevisionAsync($"/beheer/inhoud/{id}"))]);
        Assert.Equal(HttpStatusCode.Redirect, resubmit.StatusCode);

        // The review page shows what is new, word by word; the editor publishes.
        var reviewPage = await editor.GetStringAsync(review);
        Assert.Contains("Wat er veranderde sinds het werd teruggestuurd", reviewPage, StringComparison.Ordinal);
        Assert.Matches("<ins><span class=\"visually-hidden\">\\[toegevoegd: </span>[^<]*twaalf ouders", reviewPage);
        var published = await editor.PostFormAsync(review + "?handler=Publish", new() { ["revisie"] = await editor.RevisionAsync(review) }, review);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);

        var publicPage = await site.CreateClient().GetAsync("/schoolpraktijken/inloopochtend-voor-ouders");
        Assert.Equal(HttpStatusCode.OK, publicPage.StatusCode);
        Assert.Contains("twaalf ouders", await publicPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var scope = site.Scope();
        var db = site.Get<LerendeRegioDbContext>(scope);
        var events = await db.Set<EditorialEvent>().Where(e => e.ContentItemId == id).OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync();
        Assert.Equal([EditorialEventKind.Created, EditorialEventKind.Submitted, EditorialEventKind.SentBack, EditorialEventKind.Submitted, EditorialEventKind.Published], events);
        Assert.Equal(comment, (await db.Set<EditorialEvent>().SingleAsync(e => e.ContentItemId == id && e.Kind == EditorialEventKind.SentBack)).Comment);
        Assert.Equal(ContentChangeKind.Published, (await db.ChangeLog.SingleAsync(c => c.ContentItemId == id)).Kind);
        var audit = await db.Set<AuditEntry>().Where(a => a.Subject == id).Select(a => new { a.Action, a.ActorName }).ToListAsync();
        Assert.Contains(audit, a => a.Action == AuditAction.Published && a.ActorName == editorEmail);
        Assert.Contains(audit, a => a.Action == AuditAction.SentBack && a.ActorName == editorEmail);
    }

    [Fact]
    public async Task A_contributor_sees_and_edits_own_and_organisation_items_only_and_never_publishes()
    {
        var mine = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Bijdrager, "CBS Het Anker"));
        var colleague = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Bijdrager, "CBS Het Anker"));
        var other = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Bijdrager, "OBS Elders"));
        var loner = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Bijdrager));

        var ours = await mine.CreatePracticeAsync("Leesouders in groep drie");
        var theirs = await other.CreatePracticeAsync("Voorleesontbijt bij Elders");

        var list = await colleague.GetStringAsync("/beheer/inhoud");
        Assert.Contains(ours, list, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs, list, StringComparison.Ordinal);
        Assert.DoesNotContain(ours, await other.GetStringAsync("/beheer/inhoud"), StringComparison.Ordinal);
        Assert.DoesNotContain(ours, await loner.GetStringAsync("/beheer/inhoud"), StringComparison.Ordinal);

        // A colleague of the same school edits it; another school does not even learn it exists.
        var edit = await colleague.PostFieldsAsync($"/beheer/inhoud/{ours}", [.. BeheerForms.Practice("Leesouders in groep drie en vier"), new("revisie", await colleague.RevisionAsync($"/beheer/inhoud/{ours}"))]);
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/beheer/inhoud/{ours}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/beheer/inhoud/{ours}/geschiedenis")).StatusCode);
        var foreign = await other.PostFieldsAsync($"/beheer/inhoud/{ours}", [.. BeheerForms.Practice("Overgenomen"), new("revisie", "3")], "/beheer");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);

        // No publishing: no button, and the publish action of the form is refused.
        Assert.DoesNotContain("Opslaan en publiceren", await mine.GetStringAsync($"/beheer/inhoud/{ours}"), StringComparison.Ordinal);
        var publish = await mine.PostFieldsAsync($"/beheer/inhoud/{ours}", [.. BeheerForms.Practice("Leesouders in groep drie en vier", "publiceren"), new("revisie", await mine.RevisionAsync($"/beheer/inhoud/{ours}"))]);
        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        Assert.Contains("Met je rol mag je dit niet doen", await publish.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var review = await mine.GetAsync($"/beheer/inhoud/{ours}/beoordelen");
        Assert.Equal(HttpStatusCode.Redirect, review.StatusCode);
        Assert.Contains("/beheer/geen-toegang", review.Headers.Location!.OriginalString, StringComparison.Ordinal);

        await using var scope = site.Scope();
        Assert.Null(await site.Get<ContentManager>(scope).GetAsync(ours, VersionOptions.Published));
    }

    /// <summary>Every workflow step, for every role, on an item of someone else and on the actor's own item.</summary>
    [Fact]
    public async Task Each_workflow_step_is_allowed_exactly_to_the_roles_that_may_take_it()
    {
        // Expected: for each role, the steps allowed on another person's item and on an own item.
        var expected = new Dictionary<string, (string[] Others, string[] Own)>
        {
            [Roles.Bijdrager] = ([], ["ViewDraft", "Edit", "Submit"]),
            [Roles.Auteur] = ([], ["ViewDraft", "Edit", "Submit", "Publish", "Unpublish"]),
            [Roles.Redacteur] = (["ViewDraft", "Edit", "Submit", "Review", "Publish", "Unpublish", "Delete"], ["ViewDraft", "Edit", "Submit", "Review", "Publish", "Unpublish", "Delete"]),
            [Roles.Administrator] = (["ViewDraft", "Edit", "Submit", "Review", "Publish", "Unpublish", "Delete"], ["ViewDraft", "Edit", "Submit", "Review", "Publish", "Unpublish", "Delete"]),
        };
        foreach (var (role, (others, own)) in expected)
        {
            var principal = await PrincipalAsync(await site.CreateUserAsync(role, "Rolschool " + role));
            var ownerId = principal.Id();
            foreach (var (owner, organisation, allowed) in new[] { ("someone-else", "Andere school", others), (ownerId, null, own) })
            {
                var item = new ContentResource("x", "SchoolPractice", owner, organisation, WorkflowState.Draft, HasPublishedVersion: true);
                var actual = ContentOperations.All.Where(op => ContentAuthorizationHandler.Allows(principal, op.Name, item)).Select(op => op.Name).ToArray();
                Assert.True(allowed.SequenceEqual(actual), $"{role} on {(owner == ownerId ? "own" : "another's")} item: expected [{string.Join(", ", allowed)}], got [{string.Join(", ", actual)}]");
            }
        }
        Assert.DoesNotContain(ContentOperations.All, op => ContentAuthorizationHandler.Allows(new ClaimsPrincipal(new ClaimsIdentity()), op.Name,
            new ContentResource("x", "SchoolPractice", null, null, WorkflowState.Draft, false)));
    }

    [Fact]
    public async Task Each_transition_checks_the_state_and_the_role_through_the_workflow()
    {
        var contributor = await PrincipalAsync(await site.CreateUserAsync(Roles.Bijdrager, "Statusschool"));
        var author = await PrincipalAsync(await site.CreateUserAsync(Roles.Auteur));
        var editor = await PrincipalAsync(await site.CreateUserAsync(Roles.Redacteur));
        await using var scope = site.Scope();
        var workflow = site.Get<EditorialWorkflow>(scope);
        async Task<int> Revision(string id) => (await workflow.GetAsync(id))!.Latest.Revision;
        async Task<WorkflowState> State(string id) => (await workflow.GetAsync(id))!.State;

        var item = await workflow.CreateAsync(contributor, "LessonLearned", Lesson("Les over de statussen"));
        Assert.Equal(WorkflowState.Draft, await State(item.ContentItemId));
        // Draft: nobody can send it back; the contributor cannot publish; others' authors cannot submit.
        await AssertRefused(409, () => workflow.SendBackAsync(editor, item.ContentItemId, item.Revision, "te vroeg"));
        await AssertRefused(403, () => workflow.PublishAsync(contributor, item.ContentItemId, item.Revision));
        await AssertRefused(404, () => workflow.SubmitAsync(author, item.ContentItemId, item.Revision));
        await AssertRefused(409, () => workflow.WithdrawAsync(contributor, item.ContentItemId, item.Revision));

        await workflow.SubmitAsync(contributor, item.ContentItemId, item.Revision);
        Assert.Equal(WorkflowState.InReview, await State(item.ContentItemId));
        await AssertRefused(409, () => workflow.SubmitAsync(contributor, item.ContentItemId, item.Revision + 1));
        await AssertRefused(409, () => workflow.SaveAsync(contributor, item.ContentItemId, item.Revision + 1, Lesson("Tussendoor")));
        await workflow.WithdrawAsync(contributor, item.ContentItemId, await Revision(item.ContentItemId));
        Assert.Equal(WorkflowState.Draft, await State(item.ContentItemId));
        await workflow.SubmitAsync(contributor, item.ContentItemId, await Revision(item.ContentItemId));
        await AssertRefused(403, () => workflow.SendBackAsync(contributor, item.ContentItemId, item.Revision, "zelf terugsturen"));
        await workflow.SendBackAsync(editor, item.ContentItemId, await Revision(item.ContentItemId), "Maak de les concreter.");
        Assert.Equal(WorkflowState.SentBack, await State(item.ContentItemId));
        Assert.Equal("Maak de les concreter.", (await workflow.GetAsync(item.ContentItemId))!.Workflow!.ReviewComment);
        await workflow.SaveAsync(contributor, item.ContentItemId, await Revision(item.ContentItemId), Lesson("Les over de statussen", "Concreter: elke week een kwartier."));
        Assert.Equal(WorkflowState.SentBack, await State(item.ContentItemId));
        await workflow.SubmitAsync(contributor, item.ContentItemId, await Revision(item.ContentItemId));
        await workflow.PublishAsync(editor, item.ContentItemId, await Revision(item.ContentItemId));
        Assert.Equal(WorkflowState.Published, await State(item.ContentItemId));
        Assert.Null((await workflow.GetAsync(item.ContentItemId))!.Workflow!.ReviewComment);
        await AssertRefused(409, () => workflow.PublishAsync(editor, item.ContentItemId, item.Revision));

        // Editing the published item makes a draft beside it; unpublish and delete are the editors'.
        await workflow.SaveAsync(contributor, item.ContentItemId, await Revision(item.ContentItemId), Lesson("Les over de statussen", "Nog concreter."));
        Assert.Equal(WorkflowState.Draft, await State(item.ContentItemId));
        Assert.NotNull((await workflow.GetAsync(item.ContentItemId))!.Published);
        await AssertRefused(403, () => workflow.UnpublishAsync(contributor, item.ContentItemId));
        await AssertRefused(403, () => workflow.DeleteAsync(contributor, item.ContentItemId));
        await workflow.UnpublishAsync(editor, item.ContentItemId);
        await AssertRefused(409, () => workflow.UnpublishAsync(editor, item.ContentItemId));
        await workflow.DeleteAsync(editor, item.ContentItemId);
        Assert.Null(await workflow.GetAsync(item.ContentItemId));

        // An author publishes their own work without review, but not someone else's.
        var own = await workflow.CreateAsync(author, "LessonLearned", Lesson("Les van een auteur"));
        await workflow.PublishAsync(author, own.ContentItemId, own.Revision);
        Assert.Equal(WorkflowState.Published, await State(own.ContentItemId));
        await workflow.UnpublishAsync(author, own.ContentItemId);
        var db = site.Get<LerendeRegioDbContext>(scope);
        Assert.Equal([ContentChangeKind.Published, ContentChangeKind.Unpublished, ContentChangeKind.Deleted],
            await db.ChangeLog.Where(c => c.ContentItemId == item.ContentItemId).OrderBy(c => c.Sequence).Select(c => c.Kind).ToListAsync());
        var audit = await db.Set<AuditEntry>().Where(a => a.Subject == item.ContentItemId).Select(a => a.Action).ToListAsync();
        Assert.Contains(AuditAction.Published, audit);
        Assert.Contains(AuditAction.Unpublished, audit);
        Assert.Contains(AuditAction.Deleted, audit);
    }

    [Fact]
    public async Task History_shows_who_and_when_with_a_word_diff_and_restores_an_earlier_version_as_a_new_draft()
    {
        var email = await site.CreateUserAsync(Roles.Auteur);
        var client = await site.SignedInClientAsync(email);
        var id = await client.CreatePracticeAsync("Spelletjesmiddag met ouders");
        var url = $"/beheer/inhoud/{id}";
        var second = await client.PostFieldsAsync(url, [.. BeheerForms.Practice("Spelletjesmiddag met ouders", watWeDoen: "Elke maand een spelletjesmiddag voor ouders en kinderen."), new("revisie", await client.RevisionAsync(url))]);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);

        var history = await client.GetStringAsync(url + "/geschiedenis");
        Assert.Contains(email, history, StringComparison.Ordinal);
        var versions = System.Text.RegularExpressions.Regex.Matches(history, "\\?versie=([a-z0-9]+)").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(2, versions.Count);
        var diff = await client.GetStringAsync($"{url}/geschiedenis?versie={versions[0]}");
        Assert.Contains("<ins><span class=\"visually-hidden\">[toegevoegd: </span>maand", diff, StringComparison.Ordinal);
        Assert.Contains("<del><span class=\"visually-hidden\">[weggehaald: </span>week", diff, StringComparison.Ordinal);
        Assert.Contains("Wat we doen", diff, StringComparison.Ordinal);

        var restore = await client.PostFormAsync($"{url}/geschiedenis?handler=Restore&versie={versions[1]}", new() { ["revisie"] = await client.RevisionAsync(url) }, url);
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        await using var scope = site.Scope();
        var manager = site.Get<ContentManager>(scope);
        var all = await manager.GetVersionsAsync(id);
        Assert.Equal(3, all.Count);
        var latest = all.Single(v => v.Latest);
        Assert.False(latest.Published);
        Assert.Equal("Elke week een inloopochtend voor ouders met koffie.", latest.Text("watWeDoen"));
        Assert.Contains("Oude versie teruggezet", await client.GetStringAsync(url + "/geschiedenis"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_save_shows_a_Dutch_message_keeps_the_typing_and_overwrites_nothing()
    {
        var organisation = "Stale school";
        var first = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Bijdrager, organisation));
        var second = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Bijdrager, organisation));
        var id = await first.CreatePracticeAsync("Ouderkamer in de school");
        var url = $"/beheer/inhoud/{id}";
        var read = await first.RevisionAsync(url);
        Assert.Equal(read, await second.RevisionAsync(url));

        var winner = await second.PostFieldsAsync(url, [.. BeheerForms.Practice("Ouderkamer in de school", watWeDoen: "De versie van de tweede."), new("revisie", read)]);
        Assert.Equal(HttpStatusCode.Redirect, winner.StatusCode);
        var stale = await first.PostFieldsAsync(url, [.. BeheerForms.Practice("Ouderkamer in de school", watWeDoen: "De versie van de eerste."), new("revisie", read)]);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var page = await stale.Content.ReadAsStringAsync();
        Assert.Contains("Iemand anders heeft dit item gewijzigd nadat jij het opende", page, StringComparison.Ordinal);
        Assert.Contains("De versie van de eerste.", page, StringComparison.Ordinal);

        await using var scope = site.Scope();
        Assert.Equal("De versie van de tweede.", (await site.Get<ContentManager>(scope).GetAsync(id, VersionOptions.Latest))!.Text("watWeDoen"));
    }

    [Fact]
    public async Task Validation_messages_stand_next_to_their_fields_with_a_summary_linking_to_them()
    {
        var client = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Redacteur));
        var response = await client.PostFieldsAsync("/beheer/inhoud/nieuw/Project",
        [
            new("titel", ""), new("v.samenvatting", new string('x', 301)), new("v.website.url", "ftp://example.org"),
            new("v.toekenningen.rijen", "1"), new("v.toekenningen[0].tranche", "twee"), new("v.toekenningen[0].bedrag", "1.500"),
        ]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("class=\"error-summary\"", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#veld-titel\">Titel is verplicht.</a>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#veld-samenvatting\">Samenvatting mag hoogstens 300 tekens hebben (nu 301).</a>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#veld-penvoerder\">Penvoerder is verplicht.</a>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#veld-website\">Website moet een webadres zijn", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#veld-toekenningen-0-tranche\">Tranche moet een getal zijn.</a>", page, StringComparison.Ordinal);
        Assert.Contains("id=\"veld-samenvatting-fout\"", page, StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"veld-samenvatting-hint veld-samenvatting-fout\"", page, StringComparison.Ordinal);
        // The Dutch thousands dot is understood and shown back with the typing kept.
        Assert.Contains("value=\"1500\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"twee\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_field_of_every_type_in_the_recipe_gets_an_editor()
    {
        var client = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Redacteur));
        await using var scope = site.Scope();
        foreach (var type in (await site.Get<ContentDefinitionStore>(scope).GetTypesAsync()).Values)
        {
            var page = await client.GetStringAsync($"/beheer/inhoud/nieuw/{type.Name}");
            foreach (var field in type.Fields)
            {
                var id = field.Kind == FieldKind.List ? ContentForm.Id(field.Name) : ContentForm.Id(field.Name);
                Assert.True(page.Contains($"id=\"{id}\"", StringComparison.Ordinal), $"{type.Name}.{field.Name} ({field.Kind}) has no editor");
                foreach (var sub in field.Fields ?? [])
                    Assert.True(page.Contains($"id=\"{ContentForm.Id($"{field.Name}[0].{sub.Name}")}\"", StringComparison.Ordinal), $"{type.Name}.{field.Name}.{sub.Name} has no editor");
            }
        }
    }

    [Fact]
    public async Task Markdown_preview_and_extra_rows_come_back_without_saving()
    {
        var client = await site.SignedInClientAsync(await site.CreateUserAsync(Roles.Bijdrager, "Voorbeeldschool"));
        var preview = await client.PostFieldsAsync("/beheer/inhoud/nieuw/SchoolPractice",
            BeheerForms.Practice("Voorbeeld bekijken").With("v.aanleiding", "Een **vette** start\n\n- een\n- twee").With("voorbeeld", "aanleiding").With("actie", ""));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var page = await preview.Content.ReadAsStringAsync();
        Assert.Contains("<strong>vette</strong>", page, StringComparison.Ordinal);
        Assert.Contains("<li>twee</li>", page, StringComparison.Ordinal);

        var rows = await client.PostFieldsAsync("/beheer/inhoud/nieuw/SchoolPractice",
            BeheerForms.Practice("Regels erbij").With("regelErbij", "werkzameElementen").With("v.werkzameElementen.rijen", "1")
                .With("v.werkzameElementen[0].element", "normaliseren").With("actie", ""));
        var withRows = await rows.Content.ReadAsStringAsync();
        Assert.Contains("id=\"veld-werkzameElementen-1-element\"", withRows, StringComparison.Ordinal);

        var script = await client.PostFormAsync("/beheer/voorbeeld", new() { ["tekst"] = "Een [link](javascript:alert(1)) en *nadruk*" }, "/beheer");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        var html = await script.Content.ReadAsStringAsync();
        Assert.Contains("<em>nadruk</em>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);

        await using var scope = site.Scope();
        Assert.False(await site.Get<LerendeRegioDbContext>(scope).ContentItems.AnyAsync(v => v.DisplayText == "Voorbeeld bekijken" || v.DisplayText == "Regels erbij"));
    }

    private async Task<ClaimsPrincipal> PrincipalAsync(string email)
    {
        await using var scope = site.Scope();
        var users = site.Get<UserManager<IdentityUser>>(scope);
        return await site.Get<IUserClaimsPrincipalFactory<IdentityUser>>(scope).CreateAsync((await users.FindByEmailAsync(email))!);
    }

    private static async Task AssertRefused(int status, Func<Task> step)
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(step);
        var actual = e switch { WorkflowException w => w.Status, ContentConcurrencyException => 409, _ => 0 };
        Assert.True(status == actual, $"Expected {status}, got {e.GetType().Name}: {e.Message}");
    }

    private static ContentEdit Lesson(string title, string les = "Begin klein.") => new(title, null, System.Text.Json.Nodes.JsonNode.Parse($$"""
        {"samenvatting":"Een korte samenvatting.","aanleiding":"Er gebeurde iets.","les":"{{les}}","soort":["positief"]}
        """)!.AsObject());
}
