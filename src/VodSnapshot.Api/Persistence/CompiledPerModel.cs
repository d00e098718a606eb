using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace VodSnapshot.Api.Persistence;

/// <summary>
/// A query compiled once per model (<c>EF.CompileAsyncQuery</c>). A compiled query keeps the executor of the first
/// model it ran on, and the SQLite and PostgreSQL contexts have models of their own, which one process (the tests) may
/// use side by side; each model therefore gets its own compiled query.
/// </summary>
internal sealed class CompiledPerModel<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = [];

    public TQuery For(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return _byModel.GetValue(db.Model, _ => compile());
    }
}
