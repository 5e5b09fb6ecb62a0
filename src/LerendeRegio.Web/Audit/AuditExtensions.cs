namespace LerendeRegio.Web.Audit;

public static class AuditExtensions
{
    /// <summary>The audit log of sign-ins, account changes and publications (read at <c>/beheer/auditlog</c>).</summary>
    public static IHostApplicationBuilder AddAuditLog(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<AuditLog>();
        return builder;
    }
}
