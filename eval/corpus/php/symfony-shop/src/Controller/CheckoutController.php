<?php

namespace App\Controller;

use Stripe\StripeClient;
use Symfony\Bundle\FrameworkBundle\Controller\AbstractController;
use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\Routing\Attribute\Route;

class CheckoutController extends AbstractController
{
    private StripeClient $stripe;

    public function __construct()
    {
        // expect: config/no-hardcoded-secret
        $this->stripe = new StripeClient('sk_live_51OpRs4dLlU37dj7XCnukDxDlLiIharKbUUdb03k');
    }

    // expect-none: *
    #[Route('/checkout', methods: ['POST'])]
    public function checkout(Request $request): JsonResponse
    {
        $session = $this->stripe->checkout->sessions->create([
            'mode' => 'payment',
            'line_items' => $request->toArray()['items'],
            // expect-none: *
            'success_url' => 'https://shop.example.com/thanks?session={CHECKOUT_SESSION_ID}',
        ]);

        return $this->json(['url' => $session->url]);
    }

    #[Route('/products/{id}/photo', methods: ['POST'])]
    public function photo(int $id, Request $request): JsonResponse
    {
        $file = $request->files->get('photo');
        $name = $id.'-'.bin2hex(random_bytes(4)).'.'.$file->guessExtension();
        // expect: processes/no-local-uploads
        $file->move($this->getParameter('kernel.project_dir').'/public/uploads/products', $name);

        return $this->json(['url' => '/uploads/products/'.$name], 201);
    }

    #[Route('/version')]
    public function version(): JsonResponse
    {
        // expect: dependencies/no-undeclared-system-tool
        $sha = trim((string) shell_exec('git rev-parse --short HEAD'));

        return $this->json(['version' => $sha]);
    }
}
