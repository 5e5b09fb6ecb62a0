using LerendeRegio.Web.Editorial;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace LerendeRegio.Web.Pages.Beheer.Inhoud;

public sealed class UnpublishModel(EditorialWorkflow workflow) : ConfirmModel(workflow)
{
    protected override OperationAuthorizationRequirement Operation => ContentOperations.Unpublish;

    protected override Task RunAsync(string id) => Workflow.UnpublishAsync(User, id, HttpContext.RequestAborted);

    protected override string Done => "Gedepubliceerd: het item staat niet meer op de site. De tekst blijft hier bewaard.";
}
