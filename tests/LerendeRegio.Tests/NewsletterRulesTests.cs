using LerendeRegio.Web.Newsletter;

namespace LerendeRegio.Tests;

public sealed class NewsletterRulesTests
{
    private static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    [Fact]
    public void A_period_is_a_calendar_month_in_Amsterdam_across_summer_time()
    {
        var march = new DigestPeriod(2031, 3);
        Assert.Equal(new DateTime(2031, 2, 28, 23, 0, 0, DateTimeKind.Utc), march.StartUtc(Amsterdam)); // winter time: UTC+1
        Assert.Equal(new DateTime(2031, 3, 31, 22, 0, 0, DateTimeKind.Utc), march.EndUtc(Amsterdam)); // summer time: UTC+2
        Assert.Equal("2031-03", march.Key);
        Assert.Equal("maart 2031", march.DisplayName);
    }

    [Theory]
    [InlineData("2026-11-01T06:00:00Z", "2026-10")] // 07:00 on the 1st in Amsterdam: the month before
    [InlineData("2026-10-31T23:30:00Z", "2026-10")] // already 1 November in Amsterdam
    [InlineData("2027-01-01T06:00:00Z", "2026-12")]
    public void The_monthly_run_sends_the_previous_month_of_its_time_zone(string now, string expected) =>
        Assert.Equal(expected, DigestPeriod.Previous(DateTime.Parse(now, null, System.Globalization.DateTimeStyles.AdjustToUniversal), Amsterdam).Key);

    [Theory]
    [InlineData("2026-10", true)]
    [InlineData(" 2026-01 ", true)]
    [InlineData("2026-13", false)]
    [InlineData("oktober", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Periods_parse_as_year_and_month_only(string? text, bool valid) => Assert.Equal(valid, DigestPeriod.TryParse(text, out _));

    [Theory]
    [InlineData(" Naam@Voorbeeld.NL ", "naam@voorbeeld.nl")]
    [InlineData("naam@voorbeeld", null)]
    [InlineData("Naam <naam@voorbeeld.nl>", null)]
    [InlineData("a b@voorbeeld.nl", null)]
    [InlineData("", null)]
    public void Addresses_are_normalised_or_refused(string input, string? expected) => Assert.Equal(expected, SubscriptionService.NormalizeEmail(input));

    [Theory]
    [InlineData("")]
    [InlineData("niet-base64-!!")]
    [InlineData("AQAAAAAAAAAB")]
    public void Malformed_tokens_are_refused_before_any_lookup(string token) => Assert.Null(NewsletterTokens.Parse(token, DateTime.UtcNow));

    [Fact]
    public void Preferences_match_any_value_within_a_list_and_every_list()
    {
        var item = new DigestItem("id", "LessonLearned", "Geleerde les", "t", null, "https://x/lessen/t", null, DateTime.UtcNow,
            new HashSet<string> { "kansen-voor-kinderen", "armoede-en-schulden" }, new HashSet<string> { "emmen" });
        Assert.True(item.Matches(SubscriberPreferences.Everything));
        Assert.True(item.Matches(new(["laaggeletterdheid", "armoede-en-schulden"], [], [])));
        Assert.True(item.Matches(new(["kansen-voor-kinderen"], ["emmen", "coevorden"], ["LessonLearned"])));
        Assert.False(item.Matches(new(["kansen-voor-kinderen"], ["coevorden"], [])));
        Assert.False(item.Matches(new([], [], ["Project"])));
    }
}
