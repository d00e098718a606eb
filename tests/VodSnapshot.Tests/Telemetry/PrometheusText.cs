using System.Globalization;

namespace VodSnapshot.Tests.Telemetry;

/// <summary>Reads Prometheus' text exposition format: the sum of the samples of one metric whose labels include given pairs.</summary>
public sealed class PrometheusText(string text)
{
    public string Text { get; } = text;

    public double Sum(string metric, params (string Name, string Value)[] labels)
    {
        var total = 0.0;
        foreach (var line in Text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.LastIndexOf(' ');
            var name = brace >= 0 ? line[..brace] : line[..space];
            if (name != metric)
            {
                continue;
            }

            var labelText = brace >= 0 ? line[brace..(line.LastIndexOf('}') + 1)] : string.Empty;
            if (labels.All(l => labelText.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
            {
                total += double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    public bool Has(string metric) => Text.Split('\n').Any(l => l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal));

    public static async Task<PrometheusText> ScrapeAsync(HttpClient client, CancellationToken ct)
    {
        using var response = await client.GetAsync("/metrics", ct);
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return new PrometheusText(await response.Content.ReadAsStringAsync(ct));
    }

    /// <summary>Scrapes until <paramref name="done"/> holds (the exporter caches a scrape briefly), or fails with the last scrape.</summary>
    public static async Task<PrometheusText> UntilAsync(HttpClient client, Func<PrometheusText, bool> done, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var scrape = await ScrapeAsync(client, ct);
            if (done(scrape))
            {
                return scrape;
            }

            Assert.True(DateTime.UtcNow < deadline, "The metrics never showed what was expected; last scrape:\n" + scrape.Text);
            await Task.Delay(250, ct);
        }
    }
}
