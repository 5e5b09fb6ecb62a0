using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer;

/// <summary>The audit log for administrators: newest first, 50 a page, optionally one kind of event.</summary>
[Authorize(Policy = Permissions.ViewAuditLog)]
public sealed class AuditLogModel(AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "pagina")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "soort")]
    public AuditAction? Action { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + AuditLog.PageSize - 1) / AuditLog.PageSize);

    public async Task<IActionResult> OnGetAsync()
    {
        ViewData["Title"] = "Auditlog";
        if (!ModelState.IsValid || PageNumber < 1)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            PageNumber = 1;
            Action = null;
        }
        (Entries, Total) = await audit.PageAsync(PageNumber, Action, HttpContext.RequestAborted);
        return Page();
    }
}
