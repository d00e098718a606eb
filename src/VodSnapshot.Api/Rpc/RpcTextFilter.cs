using System.Globalization;
using System.Text;

namespace VodSnapshot.Api.Rpc;

/// <summary>
/// Holds every parameter of a call, name and value, to <see cref="InputText"/>'s rule before any action reads it, so
/// no control character can be stored or echoed (the vendor answers InvalidParameter naming the parameter).
/// </summary>
public sealed class RpcTextFilter : IRpcRequestFilter
{
    public ValueTask CheckAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var (name, value) in request.Parameters)
        {
            if (InputText.Problem(name) is { } nameProblem)
            {
                throw RpcErrors.InvalidParameter(Escaped(name), "A parameter name " + nameProblem[3..]);
            }

            InputText.Check(name, value);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The name with every refused character written as <c>\uXXXX</c>, so the message itself stays clean.</summary>
    private static string Escaped(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            builder.Append(InputText.FindRefused(c.ToString()) < 0 ? c.ToString() : string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"));
        }

        return builder.ToString();
    }
}
