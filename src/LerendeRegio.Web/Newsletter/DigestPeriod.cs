using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace LerendeRegio.Web.Newsletter;

/// <summary>A calendar month in the newsletter's time zone (<c>yyyy-MM</c>), and the UTC instants it spans.</summary>
public readonly record struct DigestPeriod(int Year, int Month)
{
    public string Key => $"{Year:0000}-{Month:00}";

    public override string ToString() => Key;

    public static bool TryParse([NotNullWhen(true)] string? value, out DigestPeriod period)
    {
        period = default;
        if (value is null || !DateTime.TryParseExact(value.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || date.Year is < 2000 or > 9998)
        {
            return false;
        }
        period = new DigestPeriod(date.Year, date.Month);
        return true;
    }

    /// <summary>The month before the one <paramref name="nowUtc"/> falls in, in <paramref name="zone"/>: what a run on the 1st sends.</summary>
    public static DigestPeriod Previous(DateTime nowUtc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc), zone).AddMonths(-1);
        return new DigestPeriod(local.Year, local.Month);
    }

    public static DigestPeriod Containing(DateTime nowUtc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc), zone);
        return new DigestPeriod(local.Year, local.Month);
    }

    public DateTime StartUtc(TimeZoneInfo zone) => TimeZoneInfo.ConvertTimeToUtc(new DateTime(Year, Month, 1, 0, 0, 0, DateTimeKind.Unspecified), zone);

    public DateTime EndUtc(TimeZoneInfo zone) => TimeZoneInfo.ConvertTimeToUtc(new DateTime(Year, Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(1), zone);

    /// <summary>"oktober 2026".</summary>
    public string DisplayName => new DateTime(Year, Month, 1).ToString("MMMM yyyy", CultureInfo.GetCultureInfo("nl-NL"));
}
