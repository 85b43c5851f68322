namespace ImagingClient.Models;

/// <summary>What a model does, which decides the method that runs it and the words of its messages.</summary>
internal enum ImageOperation
{
    Generate,
    Edit,

    /// <summary>Enlarges an image (a provider-specific API).</summary>
    Upscale,

    /// <summary>Removes an image's background (a provider-specific API).</summary>
    RemoveBackground,

    /// <summary>A follow-up on a finished job, such as an upsample of one image of a grid (a provider-specific API).</summary>
    FollowUp,
}
