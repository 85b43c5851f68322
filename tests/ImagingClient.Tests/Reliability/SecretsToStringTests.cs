using System.Reflection;
using ImagingClient.Providers.Apiframe;
using ImagingClient.Providers.Kie;
using ImagingClient.Providers.RelayGpu;

namespace ImagingClient.Tests.Reliability;

/// <summary>
/// No public type prints a secret it holds: every public type of the library that can be made without arguments gets
/// a marker in each settable secret (a key, a secret, a token), also one level down in the options it holds, and its
/// <see cref="object.ToString"/> must not show it; the webhook verifiers, made with their secrets, likewise.
/// </summary>
public sealed class SecretsToStringTests
{
    private const string Marker = "whsec_c2VjcmV0LW1hcmtlci0wMTIzNDU2Nzg5";

    public static TheoryData<string> PublicTypesWithSecrets() => [.. TypesWithSecrets()];

    [Theory]
    [MemberData(nameof(PublicTypesWithSecrets))]
    public void ToString_PublicTypeHoldingASecret_DoesNotShowIt(string typeName)
    {
        // Arrange
        var type = typeof(ImageClient).Assembly.GetType(typeName, throwOnError: true)!;
        var instance = Activator.CreateInstance(type)!;
        Fill(instance);
        foreach (var option in OptionProperties(type))
        {
            if (option.GetValue(instance) is { } nested)
            {
                Fill(nested);
            }
        }

        // Act
        var text = instance.ToString();

        // Assert
        text.Should().NotContain(Marker, $"{type.Name}.ToString() must not show a secret");
    }

    [Fact]
    public void PublicTypesWithSecrets_IncludeEveryProvidersOptions()
    {
        // Arrange / Act
        var names = TypesWithSecrets();

        // Assert: the theory above really covers the options that hold keys and webhook secrets.
        names.Should().Contain(typeof(KieClientOptions).FullName!).And.Contain(typeof(RelayGpuClientOptions).FullName!)
            .And.Contain(typeof(ApiframeClientOptions).FullName!).And.Contain(typeof(KieCallbackOptions).FullName!)
            .And.Contain(typeof(RelayGpuWebhookOptions).FullName!);
    }

    [Fact]
    public void ToString_WebhookVerifiersMadeWithTheirSecrets_DoNotShowThem()
    {
        // Arrange
        object[] verifiers =
        [
            new KieCallbackVerifier(new KieCallbackOptions { WebhookHmacKey = Marker }),
            new ApiframeWebhookVerifier(Marker),
            new RelayGpuWebhookVerifier(new RelayGpuWebhookOptions { Secret = Marker, PreviousSecret = Marker }),
        ];

        // Act / Assert
        foreach (var verifier in verifiers)
        {
            verifier.ToString().Should().NotContain(Marker);
        }
    }

    private static List<string> TypesWithSecrets() =>
        [.. Constructible().Where(t => SecretProperties(t).Any() || OptionProperties(t).Any(p => SecretProperties(p.PropertyType).Any())).Select(t => t.FullName!)];

    private static IEnumerable<Type> Constructible() =>
        typeof(ImageClient).Assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } && t.GetConstructor(Type.EmptyTypes) is not null);

    private static IEnumerable<PropertyInfo> SecretProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string) && p.CanWrite && p.SetMethod!.IsPublic

                // An idempotency key is no secret: it is shown on purpose, so the caller can repeat a call safely.
                && p.Name != nameof(ImageRequest.IdempotencyKey)
                && (p.Name.Contains("Key", StringComparison.Ordinal) || p.Name.Contains("Secret", StringComparison.Ordinal) || p.Name.Contains("Token", StringComparison.Ordinal)));

    private static IEnumerable<PropertyInfo> OptionProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType.IsClass && p.PropertyType != typeof(string) && p.PropertyType.Assembly == typeof(ImageClient).Assembly && p.GetIndexParameters().Length == 0);

    private static void Fill(object instance)
    {
        foreach (var property in SecretProperties(instance.GetType()))
        {
            try
            {
                property.SetValue(instance, Marker);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is ArgumentException or FormatException)
            {
                // A property that checks its format (an idempotency key's length) refuses the marker: nothing to print.
            }
        }
    }
}
