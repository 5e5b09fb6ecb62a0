using System.Globalization;
using Microsoft.AspNetCore.Html;

namespace LerendeRegio.Web.Editorial;

/// <summary>The Dutch words of the workflow, and times as the staff pages show them (Dutch, in Dutch time).</summary>
public static class WorkflowText
{
    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");
    private static readonly TimeZoneInfo Amsterdam = FindZone();

    public static string Label(WorkflowState state) => state switch
    {
        WorkflowState.Draft => "Concept",
        WorkflowState.InReview => "Ter beoordeling",
        WorkflowState.SentBack => "Teruggestuurd",
        WorkflowState.Published => "Gepubliceerd",
        _ => state.ToString(),
    };

    public static IHtmlContent Badge(WorkflowState state)
    {
        var css = state switch
        {
            WorkflowState.InReview => "state--review",
            WorkflowState.SentBack => "state--sentback",
            WorkflowState.Published => "state--published",
            _ => "state--draft",
        };
        return new HtmlString($"<span class=\"state {css}\">{Label(state)}</span>");
    }

    public static string Event(EditorialEventKind kind) => kind switch
    {
        EditorialEventKind.Created => "Aangemaakt",
        EditorialEventKind.Submitted => "Ter beoordeling aangeboden",
        EditorialEventKind.Withdrawn => "Teruggenomen uit de beoordeling",
        EditorialEventKind.SentBack => "Teruggestuurd",
        EditorialEventKind.Published => "Gepubliceerd",
        EditorialEventKind.Unpublished => "Gedepubliceerd",
        EditorialEventKind.Deleted => "Verwijderd",
        EditorialEventKind.Restored => "Oude versie teruggezet",
        _ => kind.ToString(),
    };

    public static string Time(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Amsterdam).ToString("d MMMM yyyy 'om' HH:mm", Dutch);

    public static string IsoTime(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
