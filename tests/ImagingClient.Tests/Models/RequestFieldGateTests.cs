using ImagingClient.Models;
using ImagingClient.Providers.Concurred;

namespace ImagingClient.Tests.Models;

public sealed class RequestFieldGateTests
{
    [Theory]
    [InlineData(false, false, false)]
    [InlineData(false, true, false)]
    [InlineData(true, true, true)]
    public void Admit_UnsetOrSupportedField_ReturnsWhetherSetWithoutWarning(bool isSet, bool supported, bool expected)
    {
        // Arrange
        var gate = new RequestFieldGate("concurred", "imagen-4", UnsupportedFieldHandling.Throw);

        // Act
        var admitted = gate.Admit(isSet, supported, "Width", "only some models take it");

        // Assert
        admitted.Should().Be(expected);
        gate.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Admit_UnsupportedFieldWithThrow_ThrowsNamingModelFieldAndWhoTakesIt()
    {
        // Arrange
        var gate = new RequestFieldGate("concurred", "imagen-4", UnsupportedFieldHandling.Throw);

        // Act
        var act = () => gate.Admit(isSet: true, supported: false, "Width", "only Flux models take width");

        // Assert
        var ex = act.Should().ThrowExactly<ArgumentException>().Which;
        ex.ParamName.Should().Be("Width");
        ex.Message.Should().Contain("'concurred:imagen-4'").And.Contain("Width").And.Contain("only Flux models take width");
        gate.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Admit_UnsupportedFieldWithWarnAndDrop_ReturnsFalseAndWarns()
    {
        // Arrange
        var gate = new RequestFieldGate("concurred", "imagen-4", UnsupportedFieldHandling.WarnAndDrop);

        // Act
        var admitted = gate.Admit(isSet: true, supported: false, "Width", "only Flux models take width");

        // Assert
        admitted.Should().BeFalse();
        gate.Warnings.Should().ContainSingle().Which.Should().Contain("'concurred:imagen-4'").And.Contain("Width").And.Contain("not sent");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1L)]
    [InlineData(4L)]
    public void RequireRange_ValueUnsetOrInRange_DoesNotThrow(long? value)
    {
        // Arrange
        var gate = new RequestFieldGate("concurred", "imagen-4", UnsupportedFieldHandling.Throw);

        // Act
        var act = () => gate.RequireRange(value, 1, 4, "Count");

        // Assert
        act.Should().NotThrow();
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(5L)]
    public void RequireRange_ValueOutOfRange_ThrowsOutOfRange(long value)
    {
        // Arrange
        var gate = new RequestFieldGate("concurred", "imagen-4", UnsupportedFieldHandling.WarnAndDrop);

        // Act
        var act = () => gate.RequireRange(value, 1, 4, "Count");

        // Assert
        var ex = act.Should().ThrowExactly<ArgumentOutOfRangeException>().Which;
        ex.ParamName.Should().Be("Count");
        ex.ActualValue.Should().Be(value);
        ex.Message.Should().Contain("between 1 and 4").And.Contain("'concurred:imagen-4'");
    }

    [Fact]
    public void ProviderOptions_NullOrOwnType_ReturnsThem()
    {
        // Arrange
        var gate = new RequestFieldGate("concurred", "imagen-4", UnsupportedFieldHandling.Throw);
        var options = new ConcurredImageOptions();

        // Act
        var none = gate.ProviderOptions<ConcurredImageOptions>(null);
        var own = gate.ProviderOptions<ConcurredImageOptions>(options);

        // Assert
        none.Should().BeNull();
        own.Should().BeSameAs(options);
    }
}
