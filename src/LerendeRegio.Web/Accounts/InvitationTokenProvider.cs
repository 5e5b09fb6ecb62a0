using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LerendeRegio.Web.Accounts;

/// <summary>Tokens of invitation links: valid a week (a reset link only hours), single use because setting the password changes the security stamp.</summary>
public sealed class InvitationTokenProvider(IDataProtectionProvider dataProtection, IOptions<InvitationTokenProviderOptions> options, ILogger<DataProtectorTokenProvider<IdentityUser>> logger)
    : DataProtectorTokenProvider<IdentityUser>(dataProtection, options, logger)
{
    public const string ProviderName = "Invitation";
    public const string Purpose = "invitation";
}

public sealed class InvitationTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public InvitationTokenProviderOptions()
    {
        Name = InvitationTokenProvider.ProviderName;
        TokenLifespan = TimeSpan.FromDays(7);
    }
}
