// placeholder: written by the actor-plumbing work
