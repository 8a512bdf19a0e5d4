import os

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from .models import Post


def detail(request, slug):
    post = get_object_or_404(Post, slug=slug, published=True)
    return JsonResponse({"title": post.title, "body": post.body})


@require_POST
def upload_cover(request, slug):
    post = get_object_or_404(Post, slug=slug)
    upload = request.FILES.get("cover")
    if upload is None:
        # expect-none: *
        return HttpResponseBadRequest("cover missing")
    # expect: processes/no-local-uploads
    with open(os.path.join(settings.MEDIA_ROOT, "covers", upload.name), "wb+") as dest:
        for chunk in upload.chunks():
            dest.write(chunk)
    post.cover = f"covers/{upload.name}"
    post.save(update_fields=["cover"])
    return JsonResponse({"cover": post.cover}, status=201)
