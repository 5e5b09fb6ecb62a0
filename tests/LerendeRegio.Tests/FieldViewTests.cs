using LerendeRegio.Web.Site;

namespace LerendeRegio.Tests;

public class FieldViewTests
{
    [Theory]
    [InlineData(144, 276, "Van 12 jaar tot 23 jaar")]
    [InlineData(-9, 48, "Van de zwangerschap tot 4 jaar")]
    [InlineData(6, null, "Vanaf 6 maanden")]
    [InlineData(null, 216, "Tot 18 jaar")]
    public void AgeRange_speaks_in_years_or_months(int? from, int? to, string expected) =>
        Assert.Equal(expected, FieldView.AgeRange(from, to));

    [Fact]
    public void AgeRange_is_absent_without_ages() => Assert.Null(FieldView.AgeRange(null, null));

    [Fact]
    public void FormatDate_is_Dutch() => Assert.Equal("1 december 2021", FieldView.FormatDate("2021-12-01"));
}
