using System.ComponentModel.DataAnnotations;
using VodSnapshot.Api.Features.Faults;
using VodSnapshot.Api.Rpc;

namespace VodSnapshot.Tests.Faults;

[Trait("Category", "Unit")]
public class FaultSpecTests
{
    [Theory]
    [InlineData("fail=InternalError", "fail=InternalError")]
    [InlineData(" delay = 5 ", "delay=5")]
    [InlineData("callback=drop", "callback=drop")]
    [InlineData("callback=REJECT:2", "callback=reject:2")]
    [InlineData("fail=InvalidParameter.ResourceContentBad, delay=1; callback=drop:3", "fail=InvalidParameter.ResourceContentBad; delay=1; callback=drop:3")]
    [InlineData("none", "none")]
    [InlineData("", "none")]
    [InlineData("delay=0", "none")]
    public void Fault_text_reads_back_in_canonical_form(string text, string canonical)
    {
        var spec = FaultSpec.Parse(text, "X-VodSnapshot-Fault");

        Assert.Equal(canonical, spec.ToString());
        Assert.Equal(spec, FaultSpec.Parse(spec.ToString(), "again"));
    }

    [Theory]
    [InlineData("explode=1", "Unknown fault \"explode\"")]
    [InlineData("fail=", "fail= needs an error code")]
    [InlineData("fail=no spaces", "fail= needs an error code")]
    [InlineData("delay=-1", "delay= needs whole seconds from 0 to 600")]
    [InlineData("delay=601", "delay= needs whole seconds")]
    [InlineData("delay=1.5", "delay= needs whole seconds")]
    [InlineData("callback=lose", "callback= needs drop or reject")]
    [InlineData("callback=drop:0", "callback= needs drop or reject")]
    [InlineData("callback=drop:21", "callback= needs drop or reject")]
    [InlineData("delay=1;delay=2", "given more than once")]
    public void Bad_fault_text_is_refused_naming_where_it_came_from(string text, string problem)
    {
        var error = Assert.Throws<RpcException>(() => FaultSpec.Parse(text, "X-VodSnapshot-Fault"));

        Assert.Equal("InvalidParameter", error.Code);
        Assert.Contains("\"X-VodSnapshot-Fault\"", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_callback_fault_affects_only_its_first_attempts_of_the_first_round()
    {
        var two = new CallbackFault(CallbackFaultMode.Drop, 2);
        var all = new CallbackFault(CallbackFaultMode.Reject, null);

        Assert.Equal([true, true, false], [two.Affects(1, 1), two.Affects(1, 2), two.Affects(1, 3)]);
        Assert.Equal([true, true, true, false], [all.Affects(1, 1), all.Affects(1, 3), all.Affects(1, 20), all.Affects(2, 1)]);
    }

    [Fact]
    public void A_requests_own_faults_replace_the_configured_ones_and_can_be_refused()
    {
        var configured = new FaultOptions { FailWith = "InternalError", DelaySeconds = 2 };

        Assert.Equal("fail=InternalError; delay=2", JobFaults.Resolve(null, null, configured).ToString());
        Assert.Equal("callback=drop", JobFaults.Resolve("callback=drop", null, configured).ToString());
        Assert.Equal("none", JobFaults.Resolve("none", "fail=X", configured).ToString());
        Assert.Equal("fail=X", JobFaults.Resolve(null, "fail=X", configured).ToString());

        configured.AllowPerRequest = false;
        var error = Assert.Throws<RpcException>(() => JobFaults.Resolve(null, "fail=X", configured));
        Assert.Contains("\"UserData\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("Faults:AllowPerRequest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_faults_are_validated_at_start()
    {
        var results = new List<ValidationResult>();
        var bad = new FaultOptions { Callback = "sometimes" };

        Assert.False(Validator.TryValidateObject(bad, new ValidationContext(bad), results, validateAllProperties: true));
        Assert.Contains("callback=", results[0].ErrorMessage, StringComparison.Ordinal);
        Assert.True(FaultSpec.Parse(new FaultOptions().ToSpec().ToString(), "x").IsEmpty);
    }
}
