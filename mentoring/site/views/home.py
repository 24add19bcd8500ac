from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from units.selectors import user_roles

from ..home import home_context


@login_required
def home(request):
    roles = user_roles(request.user)
    return render(request, "core/home.html", home_context(user=request.user, roles=roles))
