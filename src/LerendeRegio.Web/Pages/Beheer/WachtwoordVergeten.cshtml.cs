using System.ComponentModel.DataAnnotations;
using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace LerendeRegio.Web.Pages.Beheer;

/// <summary>Asks for a reset link. The answer is the same whether the address has an account or not.</summary>
public sealed class ForgotPasswordModel(UserManager<IdentityUser> users, AccountMails mails, AuditLog audit, ILogger<ForgotPasswordModel> logger) : PageModel
{
    public sealed class EmailInput
    {
        [Required(ErrorMessage = "Vul je e-mailadres in.")]
        [EmailAddress(ErrorMessage = "Vul een geldig e-mailadres in, bijvoorbeeld naam@school.nl.")]
        [Display(Name = "E-mailadres")]
        public string Email { get; set; } = "";
    }

    [BindProperty]
    public EmailInput Input { get; set; } = new();

    public bool Sent { get; private set; }

    public void OnGet() => ViewData["Title"] = "Wachtwoord vergeten";

    public async Task<IActionResult> OnPostAsync()
    {
        ViewData["Title"] = "Wachtwoord vergeten";
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        // Only accounts that have a password (an invitation not yet accepted has none) and are not blocked get a mail.
        if (user is not null && user.PasswordHash is not null && !StaffAccounts.IsBlocked(user))
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            try
            {
                await mails.SendPasswordResetAsync(user, token, HttpContext.RequestAborted);
                await audit.WriteAsync(AuditAction.PasswordResetRequested, user.Email, null, user.Id, user.Email);
            }
            catch (Exception e) when (e is IOException or MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpCommandException or System.Net.Sockets.SocketException)
            {
                // The visitor gets the same answer; the failure is for the operators.
                logger.LogError(e, "Password reset mail to {UserId} failed", user.Id);
            }
        }
        Sent = true;
        return Page();
    }
}
