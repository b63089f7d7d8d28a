from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
# The nested paths first: "surveys/<pk>/" would otherwise take "questions" for an id.
router.register("surveys/questions", views.SurveyQuestionViewSet, basename="surveys-surveyquestion")
router.register(
    "surveys/invitations", views.SurveyInvitationViewSet, basename="surveys-surveyinvitation"
)
router.register("surveys/responses", views.SurveyResponseViewSet, basename="surveys-surveyresponse")
router.register("surveys", views.SurveyViewSet, basename="surveys-survey")

urlpatterns = router.urls
