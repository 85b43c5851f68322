using System.Net;
using ImagingClient.Providers.Kie;
using ImagingClient.Tests.Providers.Kie;
using ImagingClient.Tests.TestSupport;

namespace ImagingClient.Tests.Jobs;

/// <summary>The end of a wait always gives still_running with the job's id and token, however the last check ends.</summary>
public sealed class JobPollerDeadlineTests
{
    private static readonly ImageGenerationRequest Request = new() { Prompt = "a cat", Model = KieModels.FluxKontextPro };

    [Fact]
    public async Task WaitForCompletionAsync_CheckHangingAcrossTheDeadlineOnAMillisecondClock_AlwaysEndsStillRunning()
    {
        // Arrange: timers take whole milliseconds, as the system's do, while the clock reads in ticks; so the timer for
        // "the time left" fires a fraction of a millisecond before the clock reaches the deadline, while the status
        // check it cuts off is still hanging.
        using var api = new KieApi();
        var time = new InstantTimeProvider { TimerResolution = TimeSpan.FromMilliseconds(1) };
        api.OnSubmit(() => KieApi.Created());
        api.OnPoll(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream()) });
        using var client = TestClients.Kie(api.Mock, o => o.Polling.FirstDelay = TimeSpan.FromSeconds(1), time);
        var outcomes = new List<string>();

        // Act: 40 waits whose deadlines fall on and between the milliseconds.
        for (var i = 0; i < 40; i++)
        {
            var job = await client.StartGenerateAsync(Request);
            var timeout = TimeSpan.FromSeconds(20) + TimeSpan.FromTicks(i * 370);
            try
            {
                await job.WaitForCompletionAsync(timeout).WaitAsync(TimeSpan.FromSeconds(30));
                outcomes.Add($"{timeout}: completed");
            }
            catch (ImagingApiException ex) when (ex.ErrorCode == ImagingErrorCode.StillRunning && ex.JobId == KieApi.TaskId && ex.ResumeToken == job.ResumeToken)
            {
                outcomes.Add("still_running");
            }
            catch (Exception ex)
            {
                outcomes.Add($"{timeout}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        // Assert
        var wrong = outcomes.Where(o => o != "still_running").ToList();
        wrong.Should().BeEmpty(
            "every wait that runs out must end with still_running, the job's id and its resume token; {0} of {1} did not, such as {2}",
            wrong.Count,
            outcomes.Count,
            wrong.FirstOrDefault());
    }
}
