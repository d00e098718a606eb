using Microsoft.EntityFrameworkCore;
using VodSnapshot.Api.Features.Templates;
using VodSnapshot.Api.Persistence;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>Which key signs an event's attempts: the global HTTP configuration's AuthKey while its AuthSwitch is on.</summary>
public static class MessageCallbackSigning
{
    /// <summary>Read when a round starts, so a SetMessageCallback in between signs the next round with the new key.</summary>
    public static async Task<string?> SigningKeyAsync(this VodDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var config = await db.MessageCallbacks.AsNoTracking().SingleOrDefaultAsync(c => c.AppId == VodTemplates.DefaultAppId, ct);
        return config is { CallbackType: MessageCallbackSettings.Http, AuthSwitch: MessageCallbackSettings.On, AuthKey: { Length: > 0 } key } ? key : null;
    }
}
