

def test_help_about_names_the_program_and_its_version(window, message_boxes):
    from app import __version__

    assert window.about_action.text() == "关于(&A)"
    window.about_action.trigger()
    assert message_boxes and __version__ in message_boxes[-1] and "消费者协会" in message_boxes[-1]
