using System.Net;
using ImagingClient.Http;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Http;

/// <summary>
/// The private-network check of result downloads on its own: which addresses count as private, how a literal host is
/// judged, and the downloads handler's connect-time check of resolved addresses (against loopback servers only).
/// </summary>
public sealed class PrivateNetworkGuardTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.255.254", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.10", "private")]
    [InlineData("::ffff:192.168.1.10", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fd00::1", "unique-local")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fd00:ec2::254", "unique-local")]
    [InlineData("100.64.0.1", "shared (CGNAT)")]
    [InlineData("100.127.255.255", "shared (CGNAT)")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("::", "unspecified")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local")]
    [InlineData("2002:7f00:1::1", "loopback")]
    [InlineData("::127.0.0.1", "loopback")]
    public void Classify_NonPublicAddress_NamesItsKind(string text, string expected)
    {
        // Act
        var kind = PrivateNetworkGuard.Classify(IPAddress.Parse(text));

        // Assert
        kind.Should().Be(expected);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("100.128.0.1")]
    [InlineData("172.32.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("169.255.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("2002:0808:0808::1")]
    public void Classify_PublicAddress_IsNull(string text)
    {
        // Act
        var kind = PrivateNetworkGuard.Classify(IPAddress.Parse(text));

        // Assert
        kind.Should().BeNull();
    }

    [Theory]
    [InlineData("http://localhost/a.png", "loopback")]
    [InlineData("http://LOCALHOST./a.png", "loopback")]
    [InlineData("http://images.localhost:8080/a.png", "loopback")]
    [InlineData("http://2130706433/a.png", "loopback")]
    [InlineData("http://0x7f.1/a.png", "loopback")]
    [InlineData("http://[::ffff:7f00:1]/a.png", "loopback")]
    [InlineData("http://127.0.0.1./a.png", "loopback")]
    [InlineData("http://169.254.169.254./latest/meta-data/", "link-local")]
    [InlineData("https://cdn.example.com/a.png", null)]
    [InlineData("https://93.184.215.14/a.png", null)]
    public void RefusalOf_LiteralHost_IsJudgedWithoutResolving(string url, string? expected)
    {
        // Arrange
        var guard = new PrivateNetworkGuard(new ImagingClientOptions(), resolve: (_, _) => throw new InvalidOperationException("a literal check never resolves"));

        // Act
        var kind = guard.RefusalOf(new Uri(url));

        // Assert
        kind.Should().Be(expected);
    }

    [Fact]
    public void RefusalOf_ProviderOriginAndExactListedHost_AreExemptButWildcardsAndOtherPortsAreNot()
    {
        // Arrange
        var options = new ImagingClientOptions();
        options.AllowedDownloadHosts.Add("10.1.2.3");
        options.AllowedDownloadHosts.Add("*.internal.example");
        var guard = new PrivateNetworkGuard(options, () => [new Uri("http://127.0.0.1:5005/"), new Uri("https://gateway.internal.example/")]);

        // Act
        var listed = guard.RefusalOf(new Uri("http://10.1.2.3/a.png"));
        var origin = guard.RefusalOf(new Uri("http://127.0.0.1:5005/files/a.png"));
        var otherLoopbackName = guard.RefusalOf(new Uri("http://localhost:5005/files/a.png"));
        var otherPort = guard.RefusalOf(new Uri("http://127.0.0.1:6379/"));
        var otherPrivate = guard.RefusalOf(new Uri("http://10.1.2.4/a.png"));

        // Assert
        listed.Should().BeNull("an exact AllowedDownloadHosts entry is yours");
        origin.Should().BeNull("the provider's own endpoint is trusted with the key already");
        otherLoopbackName.Should().BeNull("a loopback endpoint exempts its port on every loopback name");
        otherPort.Should().Be("loopback", "only the provider's own port is exempt");
        otherPrivate.Should().Be("private");
    }

    [Fact]
    public void RefusalOf_BlockingOff_RefusesNothing()
    {
        // Arrange
        var guard = new PrivateNetworkGuard(new ImagingClientOptions { BlockPrivateNetworkDownloads = false });

        // Act
        var kind = guard.RefusalOf(new Uri("http://169.254.169.254/latest/meta-data/"));

        // Assert
        kind.Should().BeNull();
    }

    [Fact]
    public async Task ConnectCallback_LocalhostResolvedBySystemDns_IsRefusedBeforeConnecting()
    {
        // Arrange: the handler alone, without the downloader's literal check, against a real name lookup.
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Png());
        var guard = new PrivateNetworkGuard(new ImagingClientOptions());
        using var client = new HttpClient(guard.CreateHandler());

        // Act
        var act = () => client.GetAsync(new Uri($"http://localhost:{server.Port}/a.png"));

        // Assert
        var ex = (await act.Should().ThrowAsync<HttpRequestException>()).Which;
        PrivateNetworkGuard.FindRefusal(ex).Should().NotBeNull().And.Match<PrivateAddressRefusedException>(r => r.Host == "localhost" && r.Kind == "loopback");
        server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task ConnectCallback_NameRebindingToMetadataAddress_IsRefused()
    {
        // Arrange: a name whose answer changes between lookups (DNS rebinding); the one that counts is the lookup the
        // handler makes to connect, and it answers the metadata address.
        var lookups = 0;
        var guard = new PrivateNetworkGuard(new ImagingClientOptions(), resolve: (_, _) =>
            Task.FromResult(Interlocked.Increment(ref lookups) == 1 ? new[] { IPAddress.Parse("169.254.169.254") } : [IPAddress.Parse("93.184.215.14")]));
        using var client = new HttpClient(guard.CreateHandler());

        // Act
        var act = () => client.GetAsync(new Uri("http://rebind.example.test/latest/meta-data/"));

        // Assert
        var refusal = PrivateNetworkGuard.FindRefusal((await act.Should().ThrowAsync<HttpRequestException>()).Which);
        refusal.Should().NotBeNull();
        refusal!.Address.Should().Be(IPAddress.Parse("169.254.169.254"));
        refusal.Kind.Should().Be("link-local");
        lookups.Should().Be(1, "the address checked is the address dialled: one lookup, at connect time");
    }

    [Fact]
    public async Task ConnectCallback_ExactlyListedNameOnLoopback_Connects()
    {
        // Arrange
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Png());
        var options = new ImagingClientOptions();
        options.AllowedDownloadHosts.Add("cdn.internal.test");
        var guard = new PrivateNetworkGuard(options, resolve: (_, _) => Task.FromResult(new[] { IPAddress.Loopback }));
        using var client = new HttpClient(guard.CreateHandler());

        // Act
        using var response = await client.GetAsync(new Uri($"http://cdn.internal.test:{server.Port}/a.png")).WithinLimitAsync("the download");

        // Assert
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        server.Requests.Should().ContainSingle().Which.Header("Host").Should().Be($"cdn.internal.test:{server.Port}");
    }

    [Fact]
    public async Task ConnectCallback_NameResolvingToPublicAndLoopback_DialsOnlyThePublicOne()
    {
        // Arrange: no public address is reachable here, so the loopback server must see nothing at all.
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Png());
        var guard = new PrivateNetworkGuard(new ImagingClientOptions(), resolve: (_, _) => Task.FromResult(new[] { IPAddress.Loopback, IPAddress.Parse("192.0.2.1") }));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        using var client = new HttpClient(guard.CreateHandler());

        // Act
        var act = () => client.GetAsync(new Uri($"http://mixed.example.test:{server.Port}/a.png"), cancel.Token);

        // Assert
        await act.Should().ThrowAsync<Exception>();
        server.Requests.Should().BeEmpty("the loopback address was dropped before dialling");
    }
}
