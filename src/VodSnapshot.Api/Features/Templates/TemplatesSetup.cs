namespace VodSnapshot.Api.Features.Templates;

public static class TemplatesSetup
{
    /// <summary>Section <c>Templates</c> and the templates a new database starts with.</summary>
    public static WebApplicationBuilder AddTemplates(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TemplateOptions>().BindConfiguration(TemplateOptions.SectionName).ValidateOnStart();
        builder.Services.AddHostedService<TemplateSeeder>();
        return builder;
    }
}
