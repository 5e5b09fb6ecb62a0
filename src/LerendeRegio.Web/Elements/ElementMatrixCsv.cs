using System.Globalization;
using System.Text;
using LerendeRegio.Web.Api;

namespace LerendeRegio.Web.Elements;

/// <summary>
/// The matrix as a spreadsheet (columns documented in docs/open-data.md), in the open-data CSV style: RFC 4180, UTF-8
/// with a byte-order mark so Excel reads the accents, formula-looking cells made text.
/// </summary>
public static class ElementMatrixCsv
{
    public static readonly string[] FixedColumns = ["element_id", "element", "url", "aantal_projecten", "aantal_gemeenten", "aantal_items", "gemeenten"];

    public static byte[] Write(ElementMatrix matrix, string origin)
    {
        var text = new StringBuilder();
        Row(text, [.. FixedColumns, .. matrix.Columns.Select(c => c.ProjectId is null ? "buiten de projecten" : c.Title)]);
        foreach (var row in matrix.Rows)
        {
            Row(text, [
                row.Element.Id,
                row.Element.DisplayName,
                origin + row.Url,
                Number(row.ProjectCount),
                Number(row.Municipalities.Count),
                Number(row.Items.Count),
                string.Join("; ", row.Municipalities.Select(m => m.DisplayName)),
                .. row.Cells.Select(c => Number(c.Count)),
            ]);
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static void Row(StringBuilder text, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) text.Append(',');
            OpenDataCsv.Escape(text, cells[i]);
        }
        text.Append("\r\n");
    }
}
