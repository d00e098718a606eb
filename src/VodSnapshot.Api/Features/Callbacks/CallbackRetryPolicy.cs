using System.Net;

namespace VodSnapshot.Api.Features.Callbacks;

/// <summary>
/// When a delivery attempt counts as received and when the next one is due. Pure, so the schedule is
/// unit-tested: success is HTTP 200 and nothing else (redirects, other 2xx and no answer in time are failures); a round
/// makes at most <c>Attempts</c> tries, <c>RetryDelay</c> apart.
/// </summary>
public sealed record CallbackRetryPolicy(int Attempts, TimeSpan RetryDelay)
{
    public static CallbackRetryPolicy From(CallbackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new CallbackRetryPolicy(options.Attempts, options.RetryDelay);
    }

    /// <summary>Whether an answer with <paramref name="status"/> (null: none came in time) means the receiver has the event.</summary>
    public static bool IsSuccess(int? status) => status == (int)HttpStatusCode.OK;

    /// <summary>
    /// After <paramref name="attemptsInRound"/> failed attempts of the current round: the pause before the next one
    /// (none before the first), or null when the round is over and the delivery has failed.
    /// </summary>
    public TimeSpan? NextDelay(int attemptsInRound) => attemptsInRound switch
    {
        <= 0 => TimeSpan.Zero,
        _ when attemptsInRound < Attempts => RetryDelay,
        _ => null,
    };
}
