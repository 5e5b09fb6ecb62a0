using System.Text.Json.Nodes;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace LerendeRegio.IntegrationTests;

/// <summary>The content core on a real database; runs once on SQLite and once on PostgreSQL.</summary>
public abstract class ContentCoreTests<TSite>(TSite site) : IClassFixture<TSite> where TSite : SiteFixture
{
    private static ContentEdit Lesson(string title, string les = "Begin klein en leer van elke stap.") => new(title, null, JsonNode.Parse($$"""
        {"samenvatting":"Een korte samenvatting.","aanleiding":"Er gebeurde iets.","les":"{{les}}","soort":["positief"],"project":["project-kansen4kinderen"]}
        """)!.AsObject());

    private async Task<T> With<T>(Func<ContentManager, ContentQueries, Task<T>> action)
    {
        await using var scope = site.Scope();
        return await action(site.Get<ContentManager>(scope), site.Get<ContentQueries>(scope));
    }

    private async Task<List<ContentChangeLogEntry>> ChangesFor(string id)
    {
        await using var scope = site.Scope();
        return await site.Get<LerendeRegioDbContext>(scope).ChangeLog.AsNoTracking().Where(c => c.ContentItemId == id).OrderBy(c => c.Sequence).ToListAsync();
    }

    [Fact]
    public async Task A_draft_is_invisible_until_published_and_the_change_log_records_it()
    {
        var draft = await With((m, _) => m.CreateAsync("LessonLearned", Lesson("Concept over vroegsignalering")));
        Assert.False(draft.Published);
        Assert.Null(await With((m, _) => m.GetAsync(draft.ContentItemId)));
        Assert.Null(await With((_, q) => q.GetPublishedBySlugAsync("LessonLearned", draft.Slug)));
        Assert.Empty(await ChangesFor(draft.ContentItemId));

        Assert.True(await With((m, _) => m.PublishAsync(draft.ContentItemId)));
        var published = await With((_, q) => q.GetPublishedBySlugAsync("LessonLearned", draft.Slug));
        Assert.NotNull(published);
        Assert.Equal(ContentChangeKind.Published, Assert.Single(await ChangesFor(draft.ContentItemId)).Kind);
    }

    [Fact]
    public async Task Editing_a_published_item_makes_a_draft_beside_it()
    {
        var item = await With((m, _) => m.CreateAsync("LessonLearned", Lesson("Les over mentoren"), new CreateOptions { Publish = true }));
        var draft = await With((m, _) => m.UpdateAsync(item.ContentItemId, item.Revision, Lesson("Les over mentoren", "Nieuwe tekst.")));

        Assert.False(draft.Published);
        var visible = await With((m, _) => m.GetAsync(item.ContentItemId, VersionOptions.Published));
        Assert.Equal("Begin klein en leer van elke stap.", visible!.Text("les"));
        var latest = await With((m, _) => m.GetAsync(item.ContentItemId, VersionOptions.Latest));
        Assert.Equal("Nieuwe tekst.", latest!.Text("les"));

        await With((m, _) => m.PublishAsync(item.ContentItemId));
        visible = await With((m, _) => m.GetAsync(item.ContentItemId, VersionOptions.Published));
        Assert.Equal("Nieuwe tekst.", visible!.Text("les"));
        Assert.Equal(item.PublishedUtc, visible.PublishedUtc);
        var versions = await With((m, _) => m.GetVersionsAsync(item.ContentItemId));
        Assert.Equal(2, versions.Count);
        Assert.Single(versions, v => v.Published);
        Assert.Single(versions, v => v.Latest);
    }

    [Fact]
    public async Task A_stale_revision_is_refused_and_nothing_is_saved()
    {
        var item = await With((m, _) => m.CreateAsync("LessonLearned", Lesson("Les over samenwerken")));
        await With((m, _) => m.UpdateAsync(item.ContentItemId, item.Revision, Lesson("Les over samenwerken", "Eerste editor.")));

        var e = await Assert.ThrowsAsync<ContentConcurrencyException>(() =>
            With((m, _) => m.UpdateAsync(item.ContentItemId, item.Revision, Lesson("Les over samenwerken", "Tweede editor."))));
        Assert.Equal(item.Revision, e.ExpectedRevision);
        var latest = await With((m, _) => m.GetAsync(item.ContentItemId, VersionOptions.Latest));
        Assert.Equal("Eerste editor.", latest!.Text("les"));
    }

    [Fact]
    public async Task Two_simultaneous_saves_of_one_revision_let_exactly_one_win()
    {
        var item = await With((m, _) => m.CreateAsync("LessonLearned", Lesson("Les over tegelijk bewerken"), new CreateOptions { Publish = true }));
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
        {
            try
            {
                await With((m, _) => m.UpdateAsync(item.ContentItemId, item.Revision, Lesson("Les over tegelijk bewerken", $"Editor {i}.")));
                return true;
            }
            catch (ContentConcurrencyException)
            {
                return false;
            }
        })));
        Assert.Equal(1, results.Count(r => r));
        var versions = await With((m, _) => m.GetVersionsAsync(item.ContentItemId));
        Assert.Single(versions, v => v.Latest);
    }

    [Fact]
    public async Task Unpublish_and_delete_remove_an_item_from_every_public_query_and_are_logged()
    {
        var item = await With((m, _) => m.CreateAsync("LessonLearned", Lesson("Les die verdwijnt"), new CreateOptions { Publish = true }));
        Assert.Contains(await With((_, q) => q.GetReferencingAsync("project-kansen4kinderen")), i => i.ContentItemId == item.ContentItemId);

        Assert.True(await With((m, _) => m.UnpublishAsync(item.ContentItemId)));
        Assert.DoesNotContain(await With((_, q) => q.GetReferencingAsync("project-kansen4kinderen")), i => i.ContentItemId == item.ContentItemId);
        Assert.NotNull(await With((m, _) => m.GetAsync(item.ContentItemId, VersionOptions.Latest)));

        await With(async (m, _) => { await m.DeleteAsync(item.ContentItemId); return 0; });
        Assert.Null(await With((m, _) => m.GetAsync(item.ContentItemId, VersionOptions.Latest)));
        var list = await With((_, q) => q.ListAsync(new ContentListQuery { ContentTypes = ["LessonLearned"], PageSize = 1000 }));
        Assert.DoesNotContain(list.Items, i => i.ContentItemId == item.ContentItemId);
        Assert.Equal([ContentChangeKind.Published, ContentChangeKind.Unpublished, ContentChangeKind.Deleted], (await ChangesFor(item.ContentItemId)).Select(c => c.Kind));
    }

    [Fact]
    public async Task Invalid_content_is_refused_with_Dutch_messages_and_nothing_is_written()
    {
        var edit = new ContentEdit("Zonder les", null, JsonNode.Parse("""{"samenvatting":"x","soort":["misschien"]}""")!.AsObject());
        var e = await Assert.ThrowsAsync<ContentValidationException>(() => With((m, _) => m.CreateAsync("LessonLearned", edit)));
        Assert.Contains(e.Errors, x => x.Field == "les" && x.Message == "De les is verplicht.");
        Assert.Contains(e.Errors, x => x.Field == "soort" && x.Message == "'misschien' is geen term van Soort les.");
        var list = await With((_, q) => q.ListAsync(new ContentListQuery { ContentTypes = ["LessonLearned"], PageSize = 1000 }));
        Assert.DoesNotContain(list.Items, i => i.DisplayText == "Zonder les");
    }

    [Fact]
    public async Task Filters_combine_terms_within_a_vocabulary_with_or_and_across_vocabularies_with_and()
    {
        var welzijn = await With((_, q) => q.ListAsync(new ContentListQuery { Terms = [new("pijler", ["welzijn"])], PageSize = 1000 }));
        var emmen = await With((_, q) => q.ListAsync(new ContentListQuery { Terms = [new("gemeente", ["emmen"])], PageSize = 1000 }));
        var both = await With((_, q) => q.ListAsync(new ContentListQuery { Terms = [new("pijler", ["welzijn"]), new("gemeente", ["emmen"])], PageSize = 1000 }));
        var either = await With((_, q) => q.ListAsync(new ContentListQuery { Terms = [new("pijler", ["welzijn", "wonen"])], PageSize = 1000 }));

        Assert.True(both.Total > 0);
        Assert.Equal(welzijn.Items.Select(i => i.ContentItemId).Intersect(emmen.Items.Select(i => i.ContentItemId)).Order(), both.Items.Select(i => i.ContentItemId).Order());
        Assert.True(either.Total > welzijn.Total);
    }

    [Fact]
    public async Task Slugs_stay_unique_within_a_type()
    {
        var a = await With((m, _) => m.CreateAsync("LessonLearned", Lesson("Dubbele titel"), new CreateOptions { Publish = true }));
        var b = await With((m, _) => m.CreateAsync("LessonLearned", Lesson("Dubbele titel"), new CreateOptions { Publish = true }));
        Assert.Equal("dubbele-titel", a.Slug);
        Assert.Equal("dubbele-titel-2", b.Slug);
    }
}

public sealed class SqliteContentCoreTests(SqliteSite site) : ContentCoreTests<SqliteSite>(site);

public sealed class PostgresContentCoreTests(PostgresSite site) : ContentCoreTests<PostgresSite>(site);
