using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Persistence;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Api.Features.Templates;

/// <summary>What the five template actions share: their parameters, the not-found rule and the answered shape.</summary>
public static class VodTemplates
{
    public const string SnapshotTemplateType = "Snapshot";

    /// <summary>The vendor's application every template belongs to unless AppId says otherwise.</summary>
    public const string DefaultAppId = "app-1000000";

    public const int MaxNameBytes = 128;

    public const int MaxAppIdLength = 64;

    public const string CustomSource = "Custom";

    public const string SystemSource = "System";

    /// <summary>The template named by <paramref name="id"/>, or <c>NoSuchResource</c> naming the parameter and the id.</summary>
    public static async Task<VodTemplate> FindTemplateAsync(this VodDbContext db, string id, string parameterName, CancellationToken ct) =>
        Ids.IsValid(id) && await db.VodTemplates.FindAsync([id], ct) is { } template
            ? template
            : throw RpcErrors.NoSuchResource($"{parameterName} {id}");

    /// <summary>A template name: not only white space, at most 128 bytes of UTF-8, as the vendor limits it.</summary>
    public static string Name(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw RpcErrors.InvalidParameter("Name", "It must not be only white space.");
        }

        var bytes = Encoding.UTF8.GetByteCount(value);
        return bytes <= MaxNameBytes
            ? value
            : throw RpcErrors.InvalidParameter("Name", string.Create(CultureInfo.InvariantCulture, $"It must be at most {MaxNameBytes} bytes of UTF-8; it is {bytes}."));
    }

    /// <summary>TemplateType: only <c>Snapshot</c> templates are run here (the vendor's DynamicImage is not).</summary>
    public static string TemplateType(string value) =>
        string.Equals(value, SnapshotTemplateType, StringComparison.Ordinal)
            ? value
            : throw RpcErrors.InvalidParameter("TemplateType", "Only Snapshot templates are supported.");

    /// <summary>
    /// SubTemplateType of the legacy models: accepted and not stored (Get and List answer the config's SnapshotType), but
    /// held to a name's shape (letters, at most 32) like every value the service reads.
    /// </summary>
    public static void CheckSubTemplateType(string? value)
    {
        if (value is not null && (value.Length > 32 || !value.All(char.IsAsciiLetter)))
        {
            throw RpcErrors.InvalidParameter("SubTemplateType", "It must be a type name such as NormalSnapshot (letters only, at most 32).");
        }
    }

    /// <summary>AppId: the default application when absent; otherwise letters, digits, '-' and '_', at most 64.</summary>
    public static string AppId(string? value)
    {
        if (value is null)
        {
            return DefaultAppId;
        }

        return value.Length <= MaxAppIdLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? value
            : throw RpcErrors.InvalidParameter("AppId", string.Create(CultureInfo.InvariantCulture,
                $"It must be at most {MaxAppIdLength} letters, digits, '-' or '_', such as {DefaultAppId}."));
    }

    /// <summary>The answered form of one template; TemplateConfig stays the JSON string it was stored as.</summary>
    public static VodTemplateInfo Info(VodTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new VodTemplateInfo(
            template.AppId,
            VendorTime.Format(template.CreationTime),
            template.IsDefault ? "Default" : "NotDefault",
            VendorTime.Format(template.ModifyTime),
            template.Name,
            template.Source,
            template.TemplateConfig,
            template.TemplateType,
            template.Id,
            SnapshotTemplateConfig.Parse(template.TemplateConfig).SnapshotType);
    }
}

/// <summary>
/// One template as GetVodTemplate and ListVodTemplate answer it, with the SDK models' field names. SubTemplateType (old
/// generated models only, values undocumented) echoes the TemplateConfig's SnapshotType.
/// </summary>
public sealed record VodTemplateInfo(
    string AppId,
    string CreationTime,
    string IsDefault,
    string ModifyTime,
    string Name,
    string Source,
    string TemplateConfig,
    string TemplateType,
    string VodTemplateId,
    string SubTemplateType);
