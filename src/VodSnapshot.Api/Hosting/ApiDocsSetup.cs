using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Hosting;

public static class ApiDocsSetup
{
    public static WebApplicationBuilder AddApiDocs(this WebApplicationBuilder builder)
    {
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "VodSnapshot",
                Version = RpcEndpoint.ApiVersion,
                Description = "An emulator of ApsaraVideo VOD's snapshot API. Every RPC action is one operation on `/` with "
                    + "`Action` fixed; Execute sends the real call. Unsigned calls are served while `Security:AllowAnonymous` is true.",
            });
            options.DocumentFilter<RpcOperationsDocumentFilter>();
            options.OperationFilter<UploadFormFilter>();
        });
        return builder;
    }

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options => options.DocumentTitle = "VodSnapshot");
        return app;
    }

    /// <summary>
    /// <c>/uploads</c> streams its multipart body itself (no buffering of large files), so the form it reads is
    /// described here for Swagger UI to offer a file chooser.
    /// </summary>
    private sealed class UploadFormFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (context.ApiDescription.RelativePath != "uploads")
            {
                return;
            }

            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { "file" },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The video file." },
                                ["Title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Title; default the file name." },
                            },
                        },
                    },
                },
            };
        }
    }

    /// <summary>
    /// The RPC surface is one route, which OpenAPI cannot describe per action; each action is documented under its own
    /// path <c>/?Action=Name</c>. Swagger UI merges the parameters into that query string, so Execute calls the real
    /// route with the action fixed.
    /// </summary>
    private sealed class RpcOperationsDocumentFilter(RpcDispatcher dispatcher) : IDocumentFilter
    {
        public void Apply(OpenApiDocument document, DocumentFilterContext context)
        {
            document.Tags ??= new HashSet<OpenApiTag>();
            foreach (var (name, doc) in dispatcher.Actions)
            {
                if (!document.Tags.Any(t => t.Name == doc.Tag))
                {
                    document.Tags.Add(new OpenApiTag { Name = doc.Tag });
                }

                var operation = new OpenApiOperation
                {
                    OperationId = name,
                    Summary = doc.Summary,
                    Tags = new HashSet<OpenApiTagReference> { new(doc.Tag, document) },
                    Parameters = [.. CommonParameters(), .. doc.Parameters.Select(Parameter)],
                    Responses = new OpenApiResponses
                    {
                        ["200"] = new OpenApiResponse { Description = $"The {name}Response body (XML by default, JSON with Format=JSON)." },
                        ["400"] = new OpenApiResponse { Description = "The vendor's error envelope: RequestId, HostId, Code, Message, Recommend." },
                        ["404"] = new OpenApiResponse { Description = "The vendor's error envelope for a missing resource." },
                    },
                };
                var item = new OpenApiPathItem();
                item.AddOperation(HttpMethod.Get, operation);
                document.Paths.Add($"/?Action={name}", item);
            }
        }

        private static IEnumerable<OpenApiParameter> CommonParameters()
        {
            yield return new OpenApiParameter
            {
                Name = "Format",
                In = ParameterLocation.Query,
                Description = "Response format; the vendor's default is XML.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("JSON"), JsonValue.Create("XML")], Default = JsonValue.Create("XML") },
            };
            yield return new OpenApiParameter
            {
                Name = "Version",
                In = ParameterLocation.Query,
                Required = true,
                Description = "API version.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(RpcEndpoint.ApiVersion)], Default = JsonValue.Create(RpcEndpoint.ApiVersion) },
            };
        }

        private static OpenApiParameter Parameter(RpcParameterDoc doc) => new()
        {
            Name = doc.Name,
            In = ParameterLocation.Query,
            Required = doc.Required,
            Description = doc.Description,
            Schema = new OpenApiSchema
            {
                Type = doc.Type switch
                {
                    "integer" => JsonSchemaType.Integer,
                    "number" => JsonSchemaType.Number,
                    "boolean" => JsonSchemaType.Boolean,
                    _ => JsonSchemaType.String,
                },
                Default = TypedValue(doc.Type, doc.Default),
                Minimum = doc.Minimum?.ToString(CultureInfo.InvariantCulture),
                Maximum = doc.Maximum?.ToString(CultureInfo.InvariantCulture),
            },
            Example = TypedValue(doc.Type, doc.Example),
        };

        /// <summary>Integers documented as numbers, so Swagger UI offers them as such.</summary>
        private static JsonValue? TypedValue(string type, string? value) => value switch
        {
            null => null,
            _ when type == "integer" && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ => JsonValue.Create(value),
        };
    }
}
