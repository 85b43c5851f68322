using System.Net;
using System.Text;
using ImagingClient.Emulator;
using ImagingClient.Providers.Kie;
using ImagingClient.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Webhooks;

namespace ImagingClient.Tests.Samples;

public sealed class WebhooksAppTests
{
    [Fact]
    public async Task RunAsync_Demo_ReceivesAndVerifiesAWebhookFromEachProvider()
    {
        // Arrange
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act: the emulator runs one job per provider on the wall clock (a second each) and delivers to the receiver.
        var exit = await WebhooksApp.RunAsync(["--port", "0"], _ => null, stdout, stderr).WithinLimitAsync("the webhook demo");

        // Assert
        exit.Should().Be(0, stderr.ToString() + stdout);
        var text = stdout.ToString();
        text.Should().Contain("Accepted a signed kie webhook").And.Contain("Accepted a signed relaygpu webhook").And.Contain("Accepted a signed apiframe webhook");
        text.Should().Contain("1 image(s) from kie:").And.Contain("1 image(s) from relaygpu:").And.Contain("1 image(s) from apiframe:");
    }

    [Fact]
    public async Task Receiver_AcceptsTheEmulatorsSignedCallback_AndRefusesItWithABadSignatureOrAChangedBody()
    {
        // Arrange: a Kie job whose callback the emulator signs with the receiver's key.
        var time = TimeProvider.System;
        var emulatorOptions = new ImagingEmulatorOptions();
        emulatorOptions.Kie.WebhookHmacKey = WebhooksApp.DemoKieHmacKey;
        emulatorOptions.Kie.TaskDuration = TimeSpan.FromMilliseconds(200);
        await using var emulator = await ImagingEmulator.StartAsync(emulatorOptions);
        var secrets = new WebhookSecrets(KieEmulatorOptions.DefaultApiKey, WebhooksApp.DemoKieHmacKey, RelayGpuEmulatorOptions.DefaultApiKey, RelayGpuEmulatorOptions.DefaultWebhookSecret, ApiframeEmulatorOptions.DefaultApiKey);
        await using var receiver = await WebhookReceiver.StartAsync(secrets, 0, time);
        using var client = ImageClient.Create(imaging => imaging.AddKie(o =>
        {
            o.ApiKey = KieEmulatorOptions.DefaultApiKey;
            o.BaseAddress = emulator.BaseAddress;
        }));
        var job = await client.StartGenerateAsync(new ImageGenerationRequest { Prompt = "a paper boat", Model = KieModels.FluxKontextPro, WebhookUrl = receiver.UrlFor("kie") });

        // Act
        var accepted = await receiver.Accepted.ReadAsync().AsTask().WithinLimitAsync("the emulator's callback");
        var delivery = await emulator.Kie.WaitForCallbackAsync(job.Id).WithinLimitAsync("the emulator's record of the callback");
        using var http = new HttpClient();
        var forged = await PostAsync(http, receiver.UrlFor("kie"), delivery.Body, delivery.Headers, tamperSignature: true);
        // Kie signs taskId.timestamp: a delivery for another task under the same signature is refused.
        var changed = await PostAsync(http, receiver.UrlFor("kie"), delivery.Body.Replace(job.Id, "0" + job.Id[1..] == job.Id ? "1" + job.Id[1..] : "0" + job.Id[1..], StringComparison.Ordinal), delivery.Headers, tamperSignature: false);
        var unknown = await PostAsync(http, receiver.UrlFor("nobody"), delivery.Body, delivery.Headers, tamperSignature: false);

        // Assert
        accepted.JobId.Should().Be(job.Id);
        accepted.IsSigned.Should().BeTrue();
        delivery.StatusCode.Should().Be(200, "the receiver accepted the authentic delivery");
        forged.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        changed.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await forged.Content.ReadAsStringAsync()).Should().NotBeEmpty().And.NotContain(WebhooksApp.DemoKieHmacKey);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        receiver.Accepted.TryRead(out _).Should().BeFalse("nothing but the authentic delivery was accepted");
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--port")]
    [InlineData("--port", "http")]
    public async Task RunAsync_WithUnknownOrBadArguments_PrintsUsageAndExits2(params string[] args)
    {
        // Arrange
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await WebhooksApp.RunAsync(args, _ => null, stdout, stderr);

        // Assert
        exit.Should().Be(2);
        stderr.ToString().Should().Contain("Usage:");
        stdout.ToString().Should().BeEmpty("nothing was started");
    }

    [Fact]
    public async Task RunAsync_WithHelp_PrintsUsage()
    {
        // Arrange
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        // Act
        var exit = await WebhooksApp.RunAsync(["--help"], _ => null, stdout, stderr);

        // Assert
        exit.Should().Be(0);
        stdout.ToString().Should().Contain("Usage:").And.Contain("--listen");
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, Uri url, string body, IReadOnlyDictionary<string, string> headers, bool tamperSignature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            if (name.StartsWith("X-Webhook-", StringComparison.OrdinalIgnoreCase))
            {
                var sent = tamperSignature && name.Equals("X-Webhook-Signature", StringComparison.OrdinalIgnoreCase)
                    ? Convert.ToBase64String(new byte[32])
                    : value;
                request.Headers.TryAddWithoutValidation(name, sent);
            }
        }

        return await http.SendAsync(request);
    }
}
