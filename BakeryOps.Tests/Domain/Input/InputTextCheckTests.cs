using BakeryOps.Domain.Errors;
using BakeryOps.Domain.Input;

namespace BakeryOps.Tests.Domain.Input;

public sealed class InputTextCheckTests
{
    [Fact]
    public void Check_WhenTheTextBreaksTheRule_ThenTheFieldGetsTheProblemAndFalse()
    {
        var errors = new ValidationErrors();

        InputText.Check(errors, "reason", "ok").Should().BeTrue();
        InputText.Check(errors, "reason", "a\u0007").Should().BeFalse();

        errors.ToDictionary().Should().ContainKey("reason").WhoseValue.Should().ContainSingle().Which.Should().Contain("U+0007 at position 2");
    }

    [Fact]
    public void Require_WhenTheTextBreaksTheRule_ThenARequestErrorNamingTheField()
    {
        InputText.Require("q", "flour");
        var require = () => InputText.Require("q", "fl\0ur");

        require.Should().Throw<RequestValidationException>().Which.Errors.Should().ContainKey("q");
    }
}
