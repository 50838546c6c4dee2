from django.urls import path

from hadir.faces import views

urlpatterns = [
    path("employees/<str:number>/faces/", views.employee_faces, name="employee-faces"),
    path("me/faces/", views.my_faces, name="my-faces"),
    path("faces/<int:pk>/photo/", views.face_photo, name="face-photo"),
    path("faces/<int:pk>/withdraw/", views.face_withdraw, name="face-withdraw"),
]
