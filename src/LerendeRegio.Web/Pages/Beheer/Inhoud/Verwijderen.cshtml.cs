using LerendeRegio.Web.Editorial;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace LerendeRegio.Web.Pages.Beheer.Inhoud;

public sealed class DeleteModel(EditorialWorkflow workflow) : ConfirmModel(workflow)
{
    protected override OperationAuthorizationRequirement Operation => ContentOperations.Delete;

    protected override Task RunAsync(string id) => Workflow.DeleteAsync(User, id, HttpContext.RequestAborted);

    protected override string Done => "Verwijderd. Het staat niet meer op de site en niet meer in het beheer.";

    protected override string AfterUrl(string id) => "/beheer/inhoud";
}
