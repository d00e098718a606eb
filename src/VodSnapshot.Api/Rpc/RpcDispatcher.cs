using System.Collections.Frozen;

namespace VodSnapshot.Api.Rpc;

/// <summary>
/// The dispatch table: action name → action type, read once from the registered actions. Each call resolves a fresh
/// action from the request's scope, so actions can depend on scoped services such as the database context.
/// </summary>
public sealed class RpcDispatcher
{
    private readonly FrozenDictionary<string, (Type Type, RpcActionDoc Doc)> _actions;

    public RpcDispatcher(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        _actions = scope.ServiceProvider.GetServices<IRpcAction>()
            .ToFrozenDictionary(a => a.Name, a => (a.GetType(), a.Doc), StringComparer.Ordinal);
    }

    /// <summary>Every supported action with its documentation, in name order.</summary>
    public IEnumerable<(string Name, RpcActionDoc Doc)> Actions =>
        _actions.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (a.Key, a.Value.Doc));

    public IRpcAction? Resolve(string? name, IServiceProvider scope) =>
        name is not null && _actions.TryGetValue(name, out var entry) ? (IRpcAction)scope.GetRequiredService(entry.Type) : null;
}

public static class RpcServiceCollectionExtensions
{
    /// <summary>Adds one action to the dispatch table.</summary>
    public static IServiceCollection AddRpcAction<TAction>(this IServiceCollection services)
        where TAction : class, IRpcAction
    {
        services.AddScoped<TAction>();
        services.AddScoped<IRpcAction>(sp => sp.GetRequiredService<TAction>());
        return services;
    }
}
