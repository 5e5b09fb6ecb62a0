using LerendeRegio.Web.Accounts;
using LerendeRegio.Web.Api;
using LerendeRegio.Web.Audit;
using LerendeRegio.Web.Content;
using LerendeRegio.Web.Data;
using LerendeRegio.Web.Editorial;
using LerendeRegio.Web.Elements;
using LerendeRegio.Web.Feeds;
using LerendeRegio.Web.Mail;
using LerendeRegio.Web.Media;
using LerendeRegio.Web.Newsletter;
using LerendeRegio.Web.Recipes;
using LerendeRegio.Web.Search;
using LerendeRegio.Web.Setup;
using LerendeRegio.Web.Site;
using LerendeRegio.Web.Upkeep;

var builder = WebApplication.CreateBuilder(args);

builder.AddSetup();
builder.AddLerendeRegioData();
builder.AddMail();
builder.AddAccounts();
builder.AddAuditLog();
builder.AddContentCore();
builder.AddEditorial();
builder.AddMedia();
builder.AddRecipes();
builder.AddSearch();
builder.AddPublicSite();
builder.AddContentApi();
builder.AddWorkingElements();
builder.AddUpkeep();
builder.AddNewsletter();

var app = builder.Build();

app.UsePublicSite();
app.UseAccounts();
app.UseContentApi();
app.UseNewsletter();
app.UsePageCache();
app.MapHealth();
app.MapPublicSite();
app.MapEditorial();
app.MapSearchApi();
app.MapContentApi();
app.MapMedia();
app.MapContentWriteApi();
app.MapSiteFeeds();
app.MapWorkingElements();
app.MapNewsletter();
app.MapBenchmarkEndpoints();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
